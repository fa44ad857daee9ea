/**
 * Appends an event to a path's trace with what the checks need to judge it:
 * the locks held at that moment, how much of the path condition was in force,
 * and the call stack down to the event.
 */
import type { Loc, TraceEvent } from '../trace.js';
import type { Path } from './path.js';

type EventBody = TraceEvent extends infer E ? (E extends TraceEvent ? Omit<E, 'loc' | 'held' | 'pcLength' | 'stack'> : never) : never;

export function record(path: Path, body: EventBody, loc: Loc): void {
  // A model evaluated inside another model's case (huge_pte_lock's
  // `huge_page_size(h) == PMD_SIZE`) clears the override when it finishes,
  // and the outer case then passes that cleared override as `loc`; the
  // innermost call site is where such an event happened.
  const at = path.overrideLoc ?? loc ?? innermostCallSite(path);
  path.pushEvent({ ...body, loc: at, held: path.held, pcLength: path.conditions.length, stack: path.stack } as TraceEvent);
}

export function innermostCallSite(path: Path): Loc {
  for (let i = path.frames.length - 1; i >= 0; i--) {
    const site = path.frames[i].callSite;
    if (site) return site;
  }
  return { fn: path.frames[0]?.fn ?? '', span: { start: 0, end: 0 } };
}

/**
 * Appends an event to a path's trace with what the checks need to judge it:
 * the locks held at that moment, how much of the path condition was in force,
 * and the call stack down to the event.
 */
import type { Loc, TraceEvent } from '../trace.js';
import type { Path } from './path.js';

type EventBody = TraceEvent extends infer E ? (E extends TraceEvent ? Omit<E, 'loc' | 'held' | 'pcLength' | 'stack'> : never) : never;

export function record(path: Path, body: EventBody, loc: Loc): void {
  path.events.push({ ...body, loc: path.overrideLoc ?? loc, held: path.held, pcLength: path.conditions.length, stack: path.stack } as TraceEvent);
}

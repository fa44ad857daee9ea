/**
 * The state of one execution path: variables, the heap, the path condition,
 * the locks held and the events so far. Paths fork at branches; a fork copies
 * the small arrays and shares the heap copy-on-write.
 */
import type { TypeRef } from '../ast.js';
import { Heap } from '../state/heap.js';
import type { Term } from '../solver/term.js';
import type { Condition, HeldLock, Loc, TraceEvent } from '../trace.js';

export interface Frame {
  fn: string;
  vars: Map<string, Term>;
  types: Map<string, TypeRef>;
  /** Out-parameters bound to the caller's variables (`&ptl` passed to a model). */
  callSite?: Loc;
}

interface EventNode {
  event: TraceEvent;
  prev?: EventNode;
}

export class Path {
  frames: Frame[];
  heap: Heap;
  conditions: Condition[];
  /** Every atom the path condition constrains, to decide independent branches without the solver. */
  pcAtoms: Set<string>;
  held: HeldLock[];
  heldAtEntry: HeldLock[];
  /** The events so far, newest first, shared between forks (a fork copies nothing). */
  private eventTail?: EventNode;
  /** Per loop (by span key): the variables at the head of each unrolled iteration. */
  loopHeads: Map<string, Map<string, Term>[]>;
  /** How often each label was jumped to, to bound backward gotos. */
  gotoCounts: Map<string, number>;
  incomplete?: string;
  /** While a model runs, its events are reported at the call site. */
  overrideLoc?: Loc;
  /** Locks a model took for the call (`takes`) that a return case keeps held; not released at the end of the call. */
  kept: Set<string>;

  constructor(init?: Partial<Path> & { eventTail?: EventNode }) {
    this.frames = init?.frames ?? [];
    this.heap = init?.heap ?? new Heap();
    this.conditions = init?.conditions ?? [];
    this.pcAtoms = init?.pcAtoms ?? new Set();
    this.held = init?.held ?? [];
    this.heldAtEntry = init?.heldAtEntry ?? [];
    this.eventTail = init?.eventTail;
    this.loopHeads = init?.loopHeads ?? new Map();
    this.gotoCounts = init?.gotoCounts ?? new Map();
    this.incomplete = init?.incomplete;
    // A fork taken while a model runs (one path per return case) must keep
    // reporting its events at the model's call site, like the original does;
    // without this, effects applied on the forked case had no location.
    this.overrideLoc = init?.overrideLoc;
    this.kept = init?.kept ?? new Set();
  }

  fork(): Path {
    return new Path({
      frames: this.frames.map((f) => ({ ...f, vars: new Map(f.vars), types: new Map(f.types) })),
      heap: this.heap.clone(),
      conditions: [...this.conditions],
      pcAtoms: new Set(this.pcAtoms),
      held: [...this.held],
      heldAtEntry: [...this.heldAtEntry],
      eventTail: this.eventTail,
      loopHeads: new Map([...this.loopHeads].map(([k, v]) => [k, [...v]])),
      gotoCounts: new Map(this.gotoCounts),
      incomplete: this.incomplete,
      overrideLoc: this.overrideLoc,
      kept: new Set(this.kept),
    });
  }

  pushEvent(event: TraceEvent): void {
    this.eventTail = { event, prev: this.eventTail };
  }

  /** The events in order, as an array (built when a trace is finished). */
  get events(): TraceEvent[] {
    const out: TraceEvent[] = [];
    for (let n = this.eventTail; n; n = n.prev) out.push(n.event);
    return out.reverse();
  }

  get frame(): Frame {
    return this.frames[this.frames.length - 1];
  }

  get stack(): Loc[] {
    const out: Loc[] = [];
    for (const f of this.frames) if (f.callSite) out.push(f.callSite);
    return out;
  }

  lookup(name: string): Term | undefined {
    return this.frame.vars.get(name);
  }

  markIncomplete(reason: string): void {
    if (!this.incomplete) this.incomplete = reason;
  }
}

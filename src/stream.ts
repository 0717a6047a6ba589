/**
 * Stream: a unit of computation with named input and output ports. Write one
 * by subclassing (ports in `static IN` / `static OUT`, body in `run`) or by
 * passing a function to the constructor.
 */
import type {
  AnyPorts,
  Ending,
  Input,
  Inputs,
  Output,
  Outputs,
  PortName,
  PortTypes,
  RunFn,
  RunResult,
  StreamContext,
  StreamOptions,
} from './types';
import type { OperatorFunction } from 'rxjs';
import { WiringError } from './errors';
import { checkKnownKeys } from './options';
import { describe } from './describe';

export { describe };
// The operator stream's body imports nothing of the core's implementation, so this import makes no cycle.
import { operatorStream, type FromOperatorOptions } from './rx/operator-stream';

/**
 * A stream of the seed's kind: `run(ins, outs)` pops and peeks inputs, pushes
 * outputs, and returns `true` to be run again once its outputs have room.
 *
 * @example
 * ```ts
 * class Range extends Stream<{}, { entity: number }> {
 *   static readonly OUT = ['entity'] as const;
 *   private next = 0;
 *   run(_ins: Inputs<{}>, outs: Outputs<{ entity: number }>) {
 *     while (this.next < 100) if (!outs.entity.push(this.next++)) return true;
 *   }
 * }
 * const double = new Stream<{ x: number }, { y: number }>({
 *   ins: ['x'], outs: ['y'],
 *   fn: (ins, outs) => {
 *     while (ins.x.size > 0 && !outs.y.full) outs.y.push(ins.x.pop() * 2);
 *     return ins.x.size > 0;
 *   },
 * });
 * ```
 */
export class Stream<I extends PortTypes = AnyPorts, O extends PortTypes = AnyPorts, S = Record<string, any>> {
  /** Input port names of a subclass. */
  static IN: readonly string[] = [];
  /** Output port names of a subclass. */
  static OUT: readonly string[] = [];

  /**
   * Any RxJS operator as a 1-in (`in`) / 1-out (`out`) stream. The upstream
   * edge stays back-pressured: a new item is handed to the operator only while
   * `out` has room and nothing it emitted earlier is still waiting; items it
   * emits while `out` is full wait in a small counted queue. Asynchronous
   * emissions (`delay`, `mergeMap` to timers) are pushed when they happen.
   *
   * - emits when: the operator emits
   * - back-pressures when: `out` is full, or emitted items are waiting for room
   * - completes when: the input is done and the operator completed (its completion follows the input's)
   * - cancels when: every consumer cancelled; the operator is unsubscribed
   * - fails when: the operator errors
   *
   * ```
   * in:   -a-b-c|        fromOperator(delay(2))
   * out:  ---a-b-c|
   * ```
   *
   * While its operator is subscribed the stream counts as pending work (it may
   * emit at any time), so a deadlock through it is not reported.
   *
   * @example
   * ```ts
   * const tenfold = Stream.fromOperator(map((n: number) => n * 10), { name: 'tenfold' });
   * ```
   */
  static fromOperator<A, B>(op: OperatorFunction<A, B>, options?: FromOperatorOptions): Stream<{ in: A }, { out: B }> {
    return new Stream<{ in: A }, { out: B }, any>(operatorStream(op, options));
  }

  /** Shown in errors, diagnostics and pictures. */
  readonly name: string;
  /** Input port names. */
  readonly ins: readonly PortName<I>[];
  /** Output port names. */
  readonly outs: readonly PortName<O>[];
  /** Runs on new input even while all outputs are full (see `StreamOptions.decoupled`). */
  readonly decoupled: boolean;
  /**
   * @internal Moves each item to every output at once (broadcast): new input lets it run only
   * when every output has room, or when it holds no input (it may finish).
   */
  everyOutput = false;
  /** Recovers from failures upstream (see `StreamOptions.recovers`). */
  readonly recovers: boolean;
  /** When its inputs ask upstream for items (see `StreamOptions.demand`). */
  readonly demand: 'all' | 'on-request';
  /** Sync groups of inputs, applied by `addStream` as if by `step.synchronise(group)`. */
  readonly sync: readonly (readonly PortName<I>[])[];
  /**
   * What the stream may ask of the workflow it runs in (set when it is added
   * to one): hold the run for work started in `run` that finishes outside it,
   * wake the stream, fail it, read the workflow's clock and wake after a delay
   * (`context.wakeAfter(ms)`, in virtual time under a `TestScheduler`).
   */
  context: StreamContext | null = null;
  /** The state handed to a function-form stream's `fn`. */
  protected readonly state: S;
  // ES private fields: a subclass may declare its own `fn` or `finalizeFn` without touching these.
  readonly #fn: RunFn<I, O, S> | undefined;
  readonly #finalize: ((state: S, ending: Ending) => void) | undefined;

  constructor(options: StreamOptions<I, O, S> = {}) {
    if (options === null || typeof options !== 'object') {
      throw new WiringError(`new Stream(options): options must be an object; got ${describe(options)}.`);
    }
    checkKnownKeys(
      options,
      ['name', 'ins', 'outs', 'fn', 'state', 'finalize', 'sync', 'decoupled', 'recovers', 'demand'],
      `new Stream(${typeof options.name === 'string' ? JSON.stringify(options.name) : 'options'})`,
    );
    const ctor = new.target as unknown as { IN?: readonly string[]; OUT?: readonly string[]; name: string };
    const fn = options.fn;
    if (fn !== undefined && typeof fn !== 'function') {
      throw new WiringError(`new Stream(options): fn must be a function; got ${describe(fn)}.`);
    }
    const fallback = fn?.name || (ctor.name && ctor.name !== 'Stream' ? ctor.name : 'stream');
    const name = options.name ?? fallback;
    if (typeof name !== 'string' || name.length === 0) {
      throw new WiringError(`new Stream(options): name must be a non-empty string; got ${describe(name)}.`);
    }
    this.name = name;
    this.ins = checkPorts(name, 'ins', options.ins ?? ctor.IN ?? []) as readonly PortName<I>[];
    this.outs = checkPorts(name, 'outs', options.outs ?? ctor.OUT ?? []) as readonly PortName<O>[];
    this.decoupled = options.decoupled === true;
    this.recovers = options.recovers === true;
    if (options.demand !== undefined && options.demand !== 'all' && options.demand !== 'on-request') {
      throw new WiringError(
        `new Stream(${JSON.stringify(name)}): demand must be 'all' or 'on-request'; got ${describe(options.demand)}.`,
      );
    }
    this.demand = options.demand ?? 'all';
    this.sync = checkSync(name, options.sync ?? []) as readonly (readonly PortName<I>[])[];
    this.#fn = fn;
    this.state = options.state ?? ({} as S);
    this.#finalize = options.finalize;
  }

  /**
   * The stream's body: pop or peek inputs, push outputs. Return `true` to be
   * run again once the outputs have room; return nothing to be run again only
   * when new input arrives or an input closes. May return a Promise.
   *
   * Without `fn`, forwards every input item to every output.
   */
  run(ins: Inputs<I>, outs: Outputs<O>): RunResult {
    if (this.#fn !== undefined) return this.#fn(ins, outs, this.state);
    // A stream runs in one place, so its port views never change: list them once, not on every run.
    if (this.#forward === null || this.#forward.ins !== ins) {
      this.#forward = { ins, inputs: Object.values(ins), outputs: Object.values(outs) };
    }
    return forwardAll(this.#forward.inputs, this.#forward.outputs);
  }

  /** The default body's port lists. */
  #forward: { ins: Inputs<I>; inputs: Input<unknown>[]; outputs: Output<unknown>[] } | null = null;

  /**
   * Called exactly once when the stream ends, however it ends; `ending` says
   * how (completed, cancelled, failed with an error, aborted). Release resources here.
   */
  finalize(ending: Ending = COMPLETED): void {
    this.#finalize?.(this.state, ending);
  }
}

const COMPLETED: Ending = { reason: 'completed' };

/** The default body: every input item to every output, back-pressure respected. */
function forwardAll(inputs: Input<unknown>[], outputs: Output<unknown>[]): boolean {
  for (let o = 0; o < outputs.length; o++) if (outputs[o].full) return true;
  for (let i = 0; i < inputs.length; i++) {
    const input = inputs[i];
    while (input.size > 0) {
      const item = input.pop();
      let room = true;
      for (let o = 0; o < outputs.length; o++) if (!outputs[o].push(item)) room = false;
      if (!room) return true;
    }
  }
  return false;
}

function checkPorts(stream: string, which: 'ins' | 'outs', names: unknown): readonly string[] {
  if (!Array.isArray(names)) {
    throw new WiringError(`stream "${stream}": ${which} must be an array of port names; got ${describe(names)}.`);
  }
  const seen = new Set<string>();
  for (const n of names) {
    if (typeof n !== 'string' || n.length === 0) {
      throw new WiringError(
        `stream "${stream}": ${which} has a port name ${describe(n)}; port names are non-empty strings.`,
      );
    }
    if (n === '__proto__') {
      throw new WiringError(
        `stream "${stream}": ${which} has the port name "__proto__", which cannot be a port; rename it.`,
      );
    }
    if (seen.has(n)) {
      throw new WiringError(`stream "${stream}": ${which} names the port "${n}" twice; port names must be unique.`);
    }
    seen.add(n);
  }
  return Object.freeze([...names]);
}

function checkSync(stream: string, groups: unknown): readonly (readonly string[])[] {
  if (!Array.isArray(groups) || !groups.every((g) => Array.isArray(g))) {
    throw new WiringError(
      `stream "${stream}": sync must be an array of input-name arrays, e.g. [['a', 'b']]; got ${describe(groups)}.`,
    );
  }
  return Object.freeze(groups.map((g: readonly string[]) => Object.freeze([...g])));
}

/**
 * Step: a stream placed in a workflow. The handle users pipe with, and the
 * engine's record of that stream's ports and state.
 */
import type {
  AnyPorts,
  Inputs,
  Outputs,
  PipedItems,
  PipeOptions,
  PortName,
  PortTypes,
  StepState,
  StreamContext,
} from '../types';
import type { Stream } from '../stream';
import type { Workflow } from './workflow';
import type { Engine } from './engine';
import { Connection } from '../connection';
import { InputPort, OutputPort, type PortOwner } from '../ports';
import { WiringError } from '../errors';
import { asyncScheduler, type Unsubscribable } from 'rxjs';
import { describe } from '../stream';

/**
 * A reference to an input port of a step, to pipe into. Typed by the items it accepts.
 *
 * @example
 * ```ts
 * numbers.output('out').pipe(join.input('left'));
 * ```
 */
export class InputRef<T, St extends Step<any, any> = Step<any, any>> {
  /** Phantom: makes the reference contravariant in its item type, so mistyped pipes do not compile. */
  declare readonly __accepts?: (item: T) => void;
  constructor(
    /** The step this port belongs to. */
    readonly step: St,
    /** The port's name. */
    readonly name: string,
  ) {}
}

/**
 * A reference to an output port of a step. Typed by the items it emits.
 *
 * @example
 * ```ts
 * route.output('even').pipe(evens.input('in'), { capacity: 16 });
 * ```
 */
export class OutputRef<T> {
  /** Phantom: makes the reference covariant in its item type. */
  declare readonly __emits?: () => T;
  constructor(
    /** The step this port belongs to. */
    readonly step: Step<any, any>,
    /** The port's name. */
    readonly name: string,
  ) {}

  /**
   * Connects this output to an input and returns the input's step, for chaining.
   * Every item pushed here reaches every input piped from here; an input piped
   * from several outputs receives their items merged in push order.
   */
  pipe<St extends Step<any, any>>(to: InputRef<T, St>, options: PipeOptions = {}): St {
    this.step.workflow.connect(this, to, options);
    return to.step;
  }
}

/** What `step.pipe(to)` asks of `to`: that its inputs accept the items piped into them (see `PipedItems`). */
export type PipeTarget<O extends PortTypes, St> =
  St extends Step<infer I, any> ? { readonly __accepts?: (items: PipedItems<O, I>) => void } : unknown;

/**
 * A stream added to a workflow. Pipe steps together with `pipe`, or ports with
 * `step.output('a').pipe(other.input('b'))`.
 *
 * @example
 * ```ts
 * const source = workflow.addStream(fromIterable([1, 2, 3]));
 * const sink = workflow.addStream(collect<number>());
 * source.pipe(sink, { capacity: 8 });
 * ```
 */
export class Step<I extends PortTypes = AnyPorts, O extends PortTypes = AnyPorts> implements PortOwner, StreamContext {
  /** Phantom: the items this step's inputs accept, by input name, so that `pipe` checks item types. */
  declare readonly __accepts?: (items: I) => void;
  /** @internal */ state: StepState = 'idle';
  /** @internal Something changed (input arrived or closed, an output drained or was cancelled) since the last run. */
  signalled = false;
  /** @internal The last run returned true. */
  again = false;
  /** @internal In the engine's ready queue. */
  queued = false;
  /** @internal Position in the downstream-first order, set when the run starts. */
  rank = 0;
  /** @internal Live outside producers (an Observable subscription, an operator) feeding this step's outputs. */
  outside = 0;
  /** @internal Its place in the order the workflow's streams were added (the order sources start in). */
  index = 0;
  /** @internal Where it runs over a transport (see AddStreamOptions); null: with the coordinator. */
  placement: {
    readonly worker: string;
    readonly replicas: number;
    readonly partitionBy?: (item: any) => unknown;
  } | null = null;
  /** @internal A stand-in for the other end of a channel (see src/transport): never stuck on its own. */
  remote = false;
  /** @internal Items the stream dropped on purpose (StreamContext.skipped). */
  skips = 0;
  /** @internal Timers of `wakeAfter` still pending: each cancels one. */
  private readonly timers = new Set<() => void>();
  /** @internal */ runs = 0;
  /** @internal Milliseconds spent in `run` (until settled, for async runs); measured only while metrics are watched. */
  busy = 0;
  /** @internal Outputs whose consumers have all cancelled. */
  cancelledOutputs = 0;
  /** @internal Work the stream started outside run() and has not released (see StreamContext). */
  holds = 0;
  /** @internal Set while the workflow runs. */
  engine: Engine | null = null;
  /** @internal */ readonly inputs: InputPort[] = [];
  /** @internal */ readonly outputs: OutputPort[] = [];
  /** @internal */ readonly groups: InputPort[][] = [];
  /** @internal */ readonly ins: Inputs<I>;
  /** @internal */ readonly outs: Outputs<O>;

  /** @internal */
  constructor(
    /** @internal */ readonly workflow: Workflow,
    /** The stream this step runs. */
    readonly stream: Stream<I, O, any>,
    /** The stream's name in this workflow (made unique with a `#n` suffix). */
    readonly name: string,
    capacity: number,
    strict: boolean,
  ) {
    const ins: Record<string, InputPort> = Object.create(null);
    const outs: Record<string, OutputPort> = Object.create(null);
    for (const port of stream.ins) {
      const conn = new Connection(`${name}.${port}`, this, capacity, strict);
      this.inputs.push((ins[port] = new InputPort(this, port, conn)));
    }
    for (const port of stream.outs) this.outputs.push((outs[port] = new OutputPort(this, port)));
    this.ins = Object.freeze(ins) as unknown as Inputs<I>;
    this.outs = Object.freeze(outs) as unknown as Outputs<O>;
    stream.context = this;
  }

  /** The input port `name`, to pipe into. */
  input<K extends PortName<I>>(name: K): InputRef<I[K], this> {
    this.port(this.stream.ins, name, 'input');
    return new InputRef<I[K], this>(this, name);
  }

  /** The output port `name`, to pipe from. */
  output<K extends PortName<O>>(name: K): OutputRef<O[K]> {
    this.port(this.stream.outs, name, 'output');
    return new OutputRef<O[K]>(this, name);
  }

  /**
   * Pipes this step into `to` and returns `to`. With one output and one input
   * the two are connected; otherwise every output is connected to the input of
   * the same name. Anything else is ambiguous: pipe ports explicitly. Items
   * that do not fit the input they would reach do not compile (the error says
   * which input's types are incompatible).
   */
  pipe<St extends Step<any, any>>(to: St & PipeTarget<O, St>, options: PipeOptions = {}): St {
    this.workflow.pipeSteps(this, to, options);
    return to;
  }

  /**
   * Synchronises inputs (the seed's `synchronise_inputs`): `run` sees them only
   * in matched sets, so popping one item from each keeps them in lockstep.
   */
  synchronise(names: readonly PortName<I>[]): this {
    this.workflow.synchronise(this, names);
    return this;
  }

  /** @internal Something changed for this step: the engine looks at it soon (never under the caller's stack). */
  signal(): void {
    this.signalled = true;
    const engine = this.engine;
    if (engine !== null && !this.queued && this.state === 'idle') engine.ready(this);
  }

  /**
   * @internal Room came in a connection this step waited on. It runs again if it still has
   * something to do: it asked to, was signalled, or returned holding input it had no room for.
   */
  roomFreed(): boolean {
    if (this.engine === null || this.state !== 'idle' || this.queued) return false;
    if (!this.signalled && !this.again && !holdsInput(this)) return false;
    this.signal();
    return true;
  }

  /** @internal StreamContext: only while running; a finished or failed stream holds nothing. */
  hold(): void {
    const engine = this.engine;
    if (engine === null || this.state === 'finished' || this.state === 'failed') return;
    this.holds++;
    engine.hold();
  }

  /** @internal StreamContext */
  release(): void {
    if (this.holds === 0) return;
    this.holds--;
    const engine = this.engine;
    if (engine === null) return;
    engine.release();
    this.signal();
  }

  /** @internal StreamContext */
  wake(): void {
    if (this.engine === null || this.state === 'finished' || this.state === 'failed') return;
    this.signal();
  }

  /** @internal StreamContext */
  wakeNow(): void {
    const engine = this.engine;
    if (engine === null) return;
    if (this.state !== 'finished' && this.state !== 'failed') this.signal();
    engine.flush();
  }

  /**
   * @internal An outside producer (an Observable source, an operator) starts feeding this step's
   * outputs. While it is live the run may wait for it, unless nothing it could push would let a
   * consumer run: then the run is stuck all the same and is reported as a deadlock.
   */
  outsideStarted(): void {
    const engine = this.engine;
    if (engine === null || this.state === 'finished' || this.state === 'failed') return;
    if (this.outside++ === 0) engine.outsideStarted(this);
  }

  /** @internal The outside producer ended: the step is looked at again, so that it can finish. */
  outsideEnded(): void {
    if (this.outside === 0) return;
    const engine = this.engine;
    if (--this.outside === 0 && engine !== null) engine.outsideEnded(this);
    this.signal();
  }

  /** @internal StreamContext */
  now(): number {
    const scheduler = this.workflow.scheduler;
    return scheduler !== undefined ? scheduler.now() : Date.now();
  }

  /** @internal StreamContext */
  wakeAfter(ms: number): () => void {
    if (this.engine === null || this.state === 'finished' || this.state === 'failed') return () => {};
    if (typeof ms !== 'number' || !(ms >= 0)) {
      throw new WiringError(
        `${this.name}: wakeAfter(ms) takes a number of milliseconds, at least 0; got ${describe(ms)}.`,
      );
    }
    this.hold();
    const timer: { pending: boolean; sub: Unsubscribable | null } = { pending: true, sub: null };
    // Fired or cancelled, once: the hold ends and the stream runs again.
    const cancel = (): void => {
      if (!timer.pending) return;
      timer.pending = false;
      this.timers.delete(cancel);
      timer.sub?.unsubscribe();
      this.release();
    };
    this.timers.add(cancel);
    const scheduler = this.workflow.scheduler ?? asyncScheduler;
    const due = this.now() + ms;
    // A timer may fire a little before `now()` reaches its due time (Node's timers and Date.now() are different
    // clocks): it waits out the rest, so that after wakeAfter(ms) the stream always sees at least ms elapsed.
    const fire = (): void => {
      if (!timer.pending) return;
      const rest = due - this.now();
      if (rest <= 0) return cancel();
      timer.sub?.unsubscribe();
      timer.sub = scheduler.schedule(fire, Math.max(1, Math.ceil(rest)));
    };
    timer.sub = scheduler.schedule(fire, ms);
    // A scheduler that ran it at once leaves nothing to cancel.
    if (!timer.pending) timer.sub.unsubscribe();
    return cancel;
  }

  /** @internal The stream ended: its timers are dropped (their holds were let go with it). */
  dropTimers(): void {
    for (const cancel of [...this.timers]) {
      this.timers.delete(cancel);
      cancel();
    }
  }

  /** @internal StreamContext */
  skipped(count = 1): void {
    this.skips += count;
  }

  /** @internal StreamContext: work abandoned by a finished stream (e.g. cancelled downstream) cannot fail the run. */
  fail(cause: unknown): void {
    if (this.state !== 'finished') this.engine?.fail(this, cause);
  }

  /** @internal */
  outputCancelled(): void {
    this.cancelledOutputs++;
  }

  /** @internal */
  inputPort(name: string): InputPort {
    return this.ins[name as keyof I] as unknown as InputPort;
  }

  /** @internal */
  outputPort(name: string): OutputPort {
    return this.outs[name as keyof O] as unknown as OutputPort;
  }

  /** The step's name. */
  toString(): string {
    return this.name;
  }

  private port(names: readonly string[], name: unknown, kind: 'input' | 'output'): void {
    // The port views have no prototype: a lookup by name, not a scan of the names.
    if (typeof name === 'string' && Object.hasOwn(kind === 'input' ? this.ins : this.outs, name)) return;
    const list = names.length ? names.map((n) => `"${n}"`).join(', ') : 'none';
    throw new WiringError(
      `stream "${this.name}" has no ${kind} port ${describe(name)}; its ${kind} ports are: ${list}.`,
    );
  }
}

/** Some input of the step has items it has not read. */
export function holdsInput(step: Step<any, any>): boolean {
  const ins = step.inputs;
  for (let i = 0; i < ins.length; i++) if (ins[i].conn.size > 0) return true;
  return false;
}

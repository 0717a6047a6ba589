/**
 * The vocabulary of rx-mimo: ports, run results and options. Interfaces only;
 * this module imports no implementation.
 */
import type { SchedulerLike } from 'rxjs';

/** A map from port name to the type of item that flows through that port. */
export type PortTypes = object;

/** The port map of a stream whose ports are not typed: any name, any item. */
export type AnyPorts = Record<string, any>;

/** The names of a port map, as strings. */
export type PortName<P extends PortTypes> = keyof P & string;

/** Whether a union of names has exactly one member. */
type IsOne<K> = [K] extends [never]
  ? false
  : { [P in K & PropertyKey]: [Exclude<K, P>] extends [never] ? true : false }[K & PropertyKey];

/**
 * The items that `step.pipe(to)` sends into `to`'s inputs `I`, by input name,
 * as `pipe` connects them: the only output's items into the only input, or
 * else each output's items into the input of the same name (an input nothing
 * is piped into keeps its own type). `any` when either side is untyped
 * (`AnyPorts`: any name, any item). The choice depends on port names only, so
 * it is made even where item types are generic; the items are then compared
 * with `I` by assignability.
 */
export type PipedItems<O extends PortTypes, I extends PortTypes> = string extends keyof O
  ? any
  : string extends keyof I
    ? any
    : [IsOne<PortName<O>>, IsOne<PortName<I>>] extends [true, true]
      ? { [K in keyof I]: O[PortName<O>] }
      : { [K in keyof I]: K extends keyof O ? O[K] : I[K] };

/**
 * An input port as a stream sees it inside `run`.
 *
 * Items arrive in FIFO order. `pop` and `peek` on an empty input throw a
 * {@link PortError}; check `size` first.
 */
export interface Input<T> {
  /** The port's name, as declared by the stream. */
  readonly name: string;
  /** How many items can be popped now (for a synchronised input: how many complete sets). */
  readonly size: number;
  /** Upstream has finished: no new item will arrive, though some may remain. */
  readonly closed: boolean;
  /** Closed and empty: nothing will ever be popped again. */
  readonly done: boolean;
  /**
   * Upstream failed, and the failure reached this input (only for a stream
   * that `recovers`: see {@link StreamOptions.recovers}); the input is closed,
   * and done once the items sent before the failure are read.
   */
  readonly failed: boolean;
  /** What upstream threw, as thrown, when `failed`. */
  readonly failure: unknown;
  /** Removes and returns the oldest item. */
  pop(): T;
  /** Returns the oldest item without removing it. */
  peek(): T;
  /** Discards every buffered item and tells upstream that nothing more is wanted. */
  cancel(): void;
  /**
   * Upstream may start: an Observable source behind this input subscribes
   * only once some input it feeds is requested. Every input is requested from
   * the start, unless the stream's `demand` is `'on-request'`.
   */
  request(): void;
  /** Upstream may start (see `request`). */
  readonly requested: boolean;
}

/**
 * An output port as a stream sees it inside `run`.
 *
 * `push` returns `false` once a connection behind the port is at capacity:
 * stop pushing and return `true` from `run` to be run again when there is room.
 */
export interface Output<T> {
  /** The port's name, as declared by the stream. */
  readonly name: string;
  /** A connection behind this port is at capacity (the slowest consumer governs). */
  readonly full: boolean;
  /** How many more items fit before `full` (the smallest room of its connections; `Infinity` when unconnected). */
  readonly room: number;
  /** The stream closed this port, or finished. */
  readonly closed: boolean;
  /** Every consumer of this port has cancelled: pushed items are dropped. */
  readonly cancelled: boolean;
  /** Sends an item to every connected input; `false` when the port is now full. */
  push(item: T): boolean;
  /** No more items will be pushed; consumers see the input close once they drain it. */
  close(): void;
}

/** The input ports of a stream, by name. */
export type Inputs<I extends PortTypes> = { readonly [K in keyof I]: Input<I[K]> };

/** The output ports of a stream, by name. */
export type Outputs<O extends PortTypes> = { readonly [K in keyof O]: Output<O[K]> };

/** `true`: run me again once my outputs have room. Falsy: only when new input arrives or an input closes. */
export type RunOutcome = boolean | void | null | undefined;

/** What `run` returns: an outcome, or a promise of one (the stream is not re-entered until it settles). */
export type RunResult = RunOutcome | PromiseLike<RunOutcome>;

/** The body of a stream written as a function; `state` is private to the stream and kept across runs. */
export type RunFn<I extends PortTypes, O extends PortTypes, S> = (
  ins: Inputs<I>,
  outs: Outputs<O>,
  state: S,
) => RunResult;

/**
 * What a running stream may ask of the engine from outside `run` (the engine
 * hands it to the stream as `stream.context`). A stream that starts
 * asynchronous work and returns from `run` without waiting for it — to keep
 * several promises in flight — holds the run while that work is pending.
 */
export interface StreamContext {
  /**
   * Work of this stream is in flight: the workflow is not taken for
   * deadlocked, and the stream does not finish when its inputs are done,
   * until the matching `release()`.
   */
  hold(): void;
  /** Ends one `hold()` and runs the stream again soon, so that it can push what the work produced. */
  release(): void;
  /** Runs the stream again soon, without ending a hold: work it started has results to push. */
  wake(): void;
  /**
   * @internal As `wake()`, and runs the loop now if it is not running: for a stage's own
   * callback (a promise it started settled) that does nothing after this call.
   */
  wakeNow?(): void;
  /** Fails the workflow with this stream's error (e.g. a rejected promise it started). */
  fail(cause: unknown): void;
  /** The workflow's clock in milliseconds: its scheduler's `now()`, else `Date.now()`. */
  now(): number;
  /**
   * Runs the stream again after `ms` milliseconds of the workflow's clock (on
   * its scheduler, so in virtual time under a `TestScheduler`). While the
   * timer is pending the run waits for it (never a deadlock); it is cancelled
   * when the stream ends. Returns a function that cancels it.
   */
  wakeAfter(ms: number): () => void;
  /** Counts items this stream dropped on purpose (a supervision decision): `skipped` in metrics. */
  skipped(count?: number): void;
}

/** Options of `new Stream({...})`. */
export interface StreamOptions<I extends PortTypes, O extends PortTypes, S = Record<string, any>> {
  /** Shown in errors, diagnostics and pictures. Defaults to the function's or class's name. */
  name?: string;
  /** Input port names. */
  ins?: readonly PortName<I>[];
  /** Output port names. */
  outs?: readonly PortName<O>[];
  /** The body. Without one, every input item is forwarded to every output. */
  fn?: RunFn<I, O, S>;
  /** The initial state handed to `fn` (default: a new empty object). */
  state?: S;
  /** Called once when the stream ends, however it ends, with how it ended. */
  finalize?: (state: S, ending: Ending) => void;
  /** Sync groups applied when the stream is added to a workflow, as if by `step.synchronise(group)` for each. */
  sync?: readonly (readonly PortName<I>[])[];
  /**
   * Run the stream when input arrives even while all its outputs are full
   * (default false): for a stream that holds or drops items itself, such as a
   * buffer with a drop policy, so that a stalled consumer does not stall it.
   */
  decoupled?: boolean;
  /**
   * The stream recovers from failures upstream (default false), as `recover`
   * does. When a stream fails and every path downstream from it reaches a
   * stream that recovers, the failure does not end the run: the failing
   * stream ends (upstream of it is cancelled), and its failure travels
   * downstream behind the items it sent; each stream on the way that does not
   * recover reads those items, then fails in turn; each recovering stream's
   * input closes with `failure` set. Otherwise a failure ends the whole run.
   */
  recovers?: boolean;
  /**
   * When the stream's inputs ask upstream for items (default `'all'`: every
   * input from the start). With `'on-request'` no input does until the stream
   * calls `input.request()`, and the stream runs once at the start to do so:
   * an Observable source behind an input not requested is not subscribed, as
   * RxJS's `concat` subscribes to a later source only when its turn comes.
   */
  demand?: 'all' | 'on-request';
}

/**
 * How a stream ended, as `finalize` hears it: `completed` (its inputs were
 * done, or it closed its outputs), `cancelled` (every consumer cancelled),
 * `failed` (it failed, a failure ended the run, or a failure upstream ended
 * its path; `error` is what was thrown, as thrown) or `aborted` (`error` is the
 * abort reason, if any).
 */
export type Ending =
  | { readonly reason: 'completed' | 'cancelled' }
  | { readonly reason: 'failed'; readonly error: unknown }
  | { readonly reason: 'aborted'; readonly error?: unknown };

/** Options of `pipe`. */
export interface PipeOptions {
  /** Items the connection buffers before `push` returns false. Defaults to the workflow's capacity. */
  capacity?: number;
  /** For an edge between placements (see `AddStreamOptions.worker`): items per pack that crosses (default 100). */
  pack?: number;
  /** For an edge between placements: packs on their way that the receiver has not taken in yet (default 8; the transport may have its own, as `redis({ window })` does). */
  window?: number;
}

/**
 * Where a stream runs when the workflow runs over a transport
 * (`run({ transport })`); without one, placement changes nothing.
 */
export interface AddStreamOptions {
  /**
   * The worker that runs the stream: a thread (or process) that runs every
   * stream placed on it. A placed stream needs a name unique in the workflow.
   */
  worker?: string;
  /** Instances of the worker, each running its own copy of its streams (default 1; every stream of a worker agrees). */
  replicas?: number;
  /**
   * With replicas, the key that sends an item to one instance (items of a key
   * stay in order); without it, items go to any instance with room, in turns.
   */
  partitionBy?: (item: any) => unknown;
}

/** Runs a workflow spread over threads, processes or machines: what `run({ transport })` takes. */
export interface RunTransport {
  run(workflow: unknown, options: { readonly signal?: AbortSignalLike }): Promise<void>;
}

/** Options of `new Workflow({...})`. */
export interface WorkflowOptions {
  /** Default capacity of every connection (default 64). */
  capacity?: number;
  /** Throw when a stream pushes into a full connection instead of letting it grow. */
  strict?: boolean;
  /** Where the engine schedules its continuations (default: a macrotask such as `setImmediate`). */
  scheduler?: SchedulerLike;
  /**
   * How many stream runs the engine makes before it yields to the event loop
   * or the scheduler (default 1000), so that timers and I/O get their turn.
   * Counted in work, not time: what a workflow emits, and in what order, never
   * depends on the speed or the load of the machine.
   */
  runsPerSlice?: number;
}

/** Options of `workflow.run()`. */
export interface RunOptions {
  /** Aborting the signal stops every stream and rejects the run with an `AbortError`. */
  signal?: AbortSignalLike;
  /** Spreads the run over workers (see `threads()` in `rx-mimo/node`); placement applies only with one. */
  transport?: RunTransport;
}

/** The part of a WHATWG `AbortSignal` that the engine uses (so the core needs no DOM or Node types). */
export interface AbortSignalLike {
  readonly aborted: boolean;
  readonly reason?: unknown;
  addEventListener(type: 'abort', listener: () => void, options?: { once?: boolean }): void;
  removeEventListener(type: 'abort', listener: () => void): void;
}

/** The life of a stream inside a running workflow. */
export type StepState = 'idle' | 'running' | 'waiting' | 'finished' | 'failed';

/** The life of a connection. */
export type ConnectionState = 'open' | 'closed' | 'cancelled';

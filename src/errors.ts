/**
 * Every error rx-mimo throws or rejects with. Messages name the stream and
 * port involved, say what was expected, and how to fix it. The classes carry
 * data; the code that raises them writes their messages.
 */

/** Base class of rx-mimo's errors. */
export class MimoError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** A workflow was built wrongly: unknown port, ambiguous pipe, bad capacity, stream added twice… */
export class WiringError extends MimoError {}

/** A port was used wrongly inside `run`: pop on an empty input, push after close, push past capacity in strict mode. */
export class PortError extends MimoError {}

/** A stream's `run` threw or rejected, or returned something that is not a run result. The original is the `cause`. */
export class StreamError extends MimoError {
  constructor(
    message: string,
    /** The name of the stream that failed. */
    readonly stream: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** A stream or connection was asked to change state in a way its life does not allow: a bug in the engine, reported rather than hidden. */
export class StateError extends MimoError {}

/** The run was aborted by an `AbortSignal` or by unsubscribing. */
export class AbortError extends MimoError {}

/** One unfinished stream in a deadlock, and the connections around it. */
export interface StuckStream {
  readonly stream: string;
  readonly state: string;
  readonly inputs: readonly StuckConnection[];
  readonly outputs: readonly StuckConnection[];
}

/** One connection as seen in a deadlock. */
export interface StuckConnection {
  readonly from: string;
  readonly to: string;
  readonly size: number;
  readonly capacity: number;
  readonly state: string;
}

/** One link of a waiting chain: `stream` waits on `connection` for input or for room. */
export interface WaitLink {
  readonly stream: string;
  readonly waitsFor: 'input' | 'room';
  readonly connection: StuckConnection;
  /** The stream on the other side of the connection, that `stream` waits for. */
  readonly on: string;
}

/** A structured account of a deadlock: the waiting chain and how to read it. */
export interface DeadlockDiagnosis {
  /** The waiting chain, first link first. */
  readonly chain: readonly WaitLink[];
  /** The chain closes on itself (a cycle of full and empty connections). */
  readonly cycle: boolean;
  /** Where the chain ends when it is not a cycle: a stream that waits for nobody stuck. */
  readonly end: string | null;
  /** The chain in words, one link a line. */
  readonly text: string;
  /** Every stuck stream and connection as a Graphviz `digraph`, the waiting chain in red. */
  toDot(): string;
}

/**
 * Nothing can run and nothing pending can change that, and the workflow has
 * not completed: a cycle with full buffers, a stream that never consumes its
 * input, an outside source whose every consumer is stuck, or a busy loop (a
 * stream that keeps asking to run without moving anything).
 */
export class DeadlockError extends MimoError {
  constructor(
    message: string,
    /** Each unfinished stream, with the fill of its connections. */
    readonly stuck: readonly StuckStream[],
    /** The waiting chain of streams and full or empty connections; `diagnosis.toDot()` draws it. */
    readonly diagnosis: DeadlockDiagnosis,
  ) {
    super(message);
  }
}

/** Which stream each failure came from, for errors that are objects (see `failedStream`). */
const failures = new WeakMap<object, string>();

/**
 * The name of the stream whose failure `error` is: the value a stream threw,
 * rejected with or errored with (an Observable source's error too). Across the
 * Observable boundary (`toOperator`, `output$`, `run$`) errors arrive as they
 * were thrown, not wrapped, so that `catchError` and `instanceof` work as they
 * do behind any RxJS operator; this tells where one came from. `undefined` for
 * an error no stream raised, or for a primitive (a thrown string has no identity).
 *
 * @example
 * ```ts
 * numbers$.pipe(toOperator(build), catchError((err) => { console.error(failedStream(err), err); return EMPTY; }));
 * ```
 */
export function failedStream(error: unknown): string | undefined {
  if (error instanceof StreamError) return error.stream;
  return (typeof error === 'object' && error !== null) || typeof error === 'function'
    ? failures.get(error as object)
    : undefined;
}

/** @internal Records that `error` is the failure of `stream`. */
export function noteFailure(error: unknown, stream: string): void {
  if (((typeof error === 'object' && error !== null) || typeof error === 'function') && !failures.has(error as object))
    failures.set(error as object, stream);
}

/** A time limit of a stage ran out: `idleTimeout`, `completionTimeout`. The run's StreamError has it as its cause. */
export class TimeoutError extends MimoError {}

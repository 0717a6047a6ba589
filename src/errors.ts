/**
 * Every error rx-mimo throws or rejects with. Messages name the stream and
 * port involved, say what was expected, and how to fix it.
 */
import { diagnose, type DeadlockDiagnosis } from './workflow/diagnosis';

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

/**
 * Nothing can run, nothing asynchronous is pending, and the workflow has not
 * completed: a cycle with full buffers, or a stream that never consumes its input.
 */
export class DeadlockError extends MimoError {
  /** The waiting chain of streams and full or empty connections; `diagnosis.toDot()` draws it. */
  readonly diagnosis: DeadlockDiagnosis;

  constructor(
    /** Each unfinished stream, with the fill of its connections. */
    readonly stuck: readonly StuckStream[],
  ) {
    const diagnosis = diagnose(stuck);
    super(
      'deadlock: no stream can make progress and nothing asynchronous is pending.\n' +
        stuck.map(describeStuck).join('\n') +
        `\n${diagnosis.text}` +
        '\nA stream waits for input that never comes, or for room in a full connection ' +
        'that nobody drains. Give a cycle more capacity, make every stream consume ' +
        'its inputs, or return true from run() only when an output is full.',
    );
    this.diagnosis = diagnosis;
  }
}

function describeStuck(s: StuckStream): string {
  const conn = (c: StuckConnection) => `${c.from} -> ${c.to} ${c.size}/${c.capacity} ${c.state}`;
  const ins = s.inputs.length ? s.inputs.map(conn).join(', ') : 'none';
  const outs = s.outputs.length ? s.outputs.map(conn).join(', ') : 'none';
  return `  ${s.stream} (${s.state}): inputs [${ins}]; outputs [${outs}]`;
}

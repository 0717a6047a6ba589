import type { Readable } from 'stream';
import type { Ending, Inputs, Outputs } from '../types';
import { Stream, describe } from '../stream';
import { MimoError, WiringError } from '../errors';
import { checkOptions } from '../options';

/** Options of {@link fromReadable}. */
export interface FromReadableOptions {
  /** The stream's name (default `fromReadable`). */
  name?: string;
}

/**
 * A source of the chunks of a Node `Readable` (a file, a socket, an HTTP
 * request, `process.stdin`; in object mode, its objects), pulled with
 * `readable.read()` only while the output has room. The `Readable` is never
 * switched to flowing mode, so it reads ahead no more than its own
 * `highWaterMark`: what the source holds at most is that buffer plus the
 * capacity of its output's connection.
 *
 * - emits when: the output has room and `read()` gives a chunk
 * - back-pressures when: never upstream (a source); the `Readable` is not read while the output is full
 * - completes when: the `Readable` ends (`'end'`), every chunk emitted
 * - cancels when: every consumer cancelled, or the run fails or is aborted: the `Readable` is destroyed
 * - fails when: the `Readable` emits `'error'`, or closes before its end (the error names the stream)
 *
 * ```
 * readable: a-b-c|   ->   out: a-b-c|
 * ```
 *
 * @example
 * ```ts
 * import { createReadStream } from 'fs';
 * import { fromReadable } from 'rx-mimo/node';
 * workflow.addStream(fromReadable(createReadStream('data.bin'))).pipe(workflow.addStream(forEach(handle)));
 * ```
 */
export function fromReadable<T = Buffer | string>(
  readable: Readable,
  options?: FromReadableOptions,
): Stream<{}, { out: T }> {
  if (
    readable === null ||
    typeof readable !== 'object' ||
    typeof (readable as Readable).read !== 'function' ||
    typeof (readable as Readable).on !== 'function'
  ) {
    throw new WiringError(
      `fromReadable(readable): expected a Node Readable such as fs.createReadStream(path); got ${describe(readable)}.`,
    );
  }
  const { name = 'fromReadable' } = checkOptions(options, ['name'], 'fromReadable(readable, options)');
  return new FromReadable<T>(readable, name);
}

class FromReadable<T> extends Stream<{}, { out: T }> {
  private listening = false;
  private ended = false;
  private error: { readonly cause: unknown } | null = null;
  /** The run waiting for the Readable: resolved by the next 'readable', 'end', 'error' or 'close'. */
  private waiter: (() => void) | null = null;
  private readonly onReadable = () => this.notify();
  private readonly onEnd = () => {
    this.ended = true;
    this.notify();
  };
  private readonly onError = (cause: unknown) => {
    this.error ??= { cause };
    this.notify();
  };
  private readonly onClose = () => {
    if (!this.ended) {
      this.error ??= {
        cause: new MimoError(`${this.name}: the Readable closed before its end (destroyed by someone else?).`),
      };
    }
    this.notify();
  };

  constructor(
    private readonly readable: Readable,
    name: string,
  ) {
    super({ name, outs: ['out'] });
  }

  private notify(): void {
    const waiter = this.waiter;
    this.waiter = null;
    waiter?.();
  }

  override async run(_ins: Inputs<{}>, outs: Outputs<{ out: T }>): Promise<boolean> {
    const readable = this.readable;
    if (!this.listening) {
      this.listening = true;
      this.ended = readable.readableEnded === true;
      readable.on('readable', this.onReadable);
      readable.on('end', this.onEnd);
      readable.on('error', this.onError);
      readable.on('close', this.onClose);
    }
    const out = outs.out;
    for (;;) {
      if (out.cancelled) return true;
      if (out.full) return true;
      const chunk = readable.read() as T | null;
      if (chunk !== null) {
        out.push(chunk);
        continue;
      }
      if (this.error !== null) throw this.error.cause;
      if (this.ended) return false;
      await new Promise<void>((resolve) => (this.waiter = resolve));
    }
  }

  override finalize(ending: Ending): void {
    const readable = this.readable;
    readable.off('readable', this.onReadable);
    readable.off('end', this.onEnd);
    readable.off('close', this.onClose);
    // An error after the end has nowhere to go; a listener stays so that it is not thrown.
    if (this.listening) readable.on('error', ignore);
    readable.off('error', this.onError);
    this.notify();
    // Cancelled, failed or aborted before the end: the Readable is let go (its file or socket closed).
    if (ending.reason !== 'completed' || !this.ended) readable.destroy();
  }
}

function ignore(): void {}

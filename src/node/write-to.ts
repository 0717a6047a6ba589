import type { Writable } from 'stream';
import type { Ending, Inputs } from '../types';
import { Stream, describe } from '../stream';
import { MimoError, WiringError } from '../errors';
import { checkOptions } from '../options';

/** Options of {@link writeTo}. */
export interface WriteToOptions {
  /** The stream's name (default `writeTo`). */
  name?: string;
  /**
   * End the Writable when the input is done, and wait for its `'finish'`
   * (default `true`); `false` leaves it open, as `readable.pipe(w, { end: false })`
   * does, for `process.stdout` or a response written to afterwards. With
   * `false`, the Writable is not destroyed when the run fails either.
   */
  end?: boolean;
}

/**
 * A sink that writes every item into a Node `Writable` (a file, a socket, an
 * HTTP response) with its back-pressure: when `write()` returns `false` it
 * takes no more items until `'drain'`, so upstream waits rather than the
 * Writable's buffer growing. What it holds beyond the connection is the
 * Writable's own buffer, up to its `highWaterMark` (and one write past it).
 *
 * - consumes when: an item arrives and the Writable has not asked to wait for `'drain'`
 * - back-pressures when: `write()` returned `false`, until `'drain'`
 * - completes when: the input is done, then `end()` and `'finish'` (everything flushed; unless `end: false`)
 * - cancels when: never (a sink); when the run fails or is aborted the Writable is destroyed (unless `end: false`)
 * - fails when: the Writable emits `'error'` (a write or the end failed), or closes before `'finish'`
 *
 * ```
 * in: -a-b-c|     write(a) write(b) → false … 'drain' … write(c) end() … 'finish' → complete
 * ```
 *
 * @example
 * ```ts
 * import { createWriteStream } from 'fs';
 * import { writeTo } from 'rx-mimo/node';
 * lines.pipe(workflow.addStream(writeTo(createWriteStream('out.txt'))));
 * ```
 */
export function writeTo<T = string | Uint8Array>(writable: Writable, options?: WriteToOptions): Stream<{ in: T }, {}> {
  if (
    writable === null ||
    typeof writable !== 'object' ||
    typeof (writable as Writable).write !== 'function' ||
    typeof (writable as Writable).end !== 'function' ||
    typeof (writable as Writable).on !== 'function'
  ) {
    throw new WiringError(
      `writeTo(writable): expected a Node Writable such as fs.createWriteStream(path); got ${describe(writable)}.`,
    );
  }
  const { name = 'writeTo', end = true } = checkOptions(options, ['name', 'end'], 'writeTo(writable, options)');
  if (typeof end !== 'boolean') {
    throw new WiringError(`writeTo(writable, { end }): end must be true or false; got ${describe(end)}.`);
  }
  return new WriteTo<T>(writable, end, name);
}

class WriteTo<T> extends Stream<{ in: T }, {}> {
  private listening = false;
  private finished = false;
  private error: { readonly cause: unknown } | null = null;
  /** The run waiting for 'drain' or 'finish': resolved by it, or by 'error' or 'close'. */
  private waiter: (() => void) | null = null;
  private readonly onDrain = () => this.notify();
  private readonly onFinish = () => {
    this.finished = true;
    this.notify();
  };
  private readonly onError = (cause: unknown) => {
    this.error ??= { cause };
    // An error while no run waits (a write's callback failing later) fails the run at once.
    if (this.waiter === null) this.context?.fail(cause);
    this.notify();
  };
  private readonly onClose = () => {
    if (!this.finished) {
      this.error ??= {
        cause: new MimoError(`${this.name}: the Writable closed before it finished (destroyed by someone else?).`),
      };
      if (this.waiter === null) this.context?.fail(this.error.cause);
    }
    this.notify();
  };

  constructor(
    private readonly writable: Writable,
    private readonly end: boolean,
    name: string,
  ) {
    super({ name, ins: ['in'] });
  }

  private notify(): void {
    const waiter = this.waiter;
    this.waiter = null;
    waiter?.();
  }

  private wait(): Promise<void> {
    return new Promise<void>((resolve) => (this.waiter = resolve));
  }

  override async run(ins: Inputs<{ in: T }>): Promise<void> {
    const writable = this.writable;
    if (!this.listening) {
      this.listening = true;
      writable.on('drain', this.onDrain);
      writable.on('finish', this.onFinish);
      writable.on('error', this.onError);
      writable.on('close', this.onClose);
    }
    const input = ins.in;
    while (input.size > 0) {
      const error = this.error as { readonly cause: unknown } | null;
      if (error !== null) throw error.cause;
      if (!writable.write(input.pop())) {
        // The Writable's buffer is full: no more items until it drains.
        if (writable.writableNeedDrain !== false) await this.wait();
      }
    }
    if (this.error !== null) throw this.error.cause;
    if (input.done && this.end && !this.finished) {
      if (!writable.writableEnded) writable.end();
      while (!this.finished && this.error === null) await this.wait();
      const error = this.error as { readonly cause: unknown } | null;
      if (error !== null) throw error.cause;
    }
  }

  override finalize(ending: Ending): void {
    const writable = this.writable;
    writable.off('drain', this.onDrain);
    writable.off('finish', this.onFinish);
    writable.off('close', this.onClose);
    if (this.listening) writable.on('error', ignore);
    writable.off('error', this.onError);
    this.notify();
    // Failed or aborted: the file or socket is let go rather than left open.
    if (ending.reason !== 'completed' && this.end && !this.finished) writable.destroy();
  }
}

function ignore(): void {}

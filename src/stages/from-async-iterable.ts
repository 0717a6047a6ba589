import type { Inputs, Outputs } from '../types';
import { Stream } from '../stream';
import { WiringError } from '../errors';
import { describe } from '../stream';
import { stageOptions, type StageOptions } from './check';

/**
 * A source that pulls items from an AsyncIterable lazily, only while its
 * output has room: an endless async generator is fine, and at most one
 * `next()` is in flight at a time.
 *
 * - emits when: the output has room and the iterator's `next()` resolves with an item
 * - back-pressures when: never upstream (a source); stops calling `next()` while the output is full
 * - completes when: the iterator is exhausted
 * - cancels when: every consumer cancelled, or the run ends early; the iterator's `return()` is called
 * - fails when: `next()` rejects
 *
 * ```
 * async [1, 2, 3]   ->  out: 1-2-3|
 * ```
 *
 * @example
 * ```ts
 * async function* lines() { yield 'a'; yield 'b'; }
 * workflow.addStream(fromAsyncIterable(lines())).pipe(workflow.addStream(collect()));
 * ```
 */
export function fromAsyncIterable<T>(iterable: AsyncIterable<T>, options?: StageOptions): Stream<{}, { out: T }> {
  if (iterable == null || typeof (iterable as AsyncIterable<T>)[Symbol.asyncIterator] !== 'function') {
    throw new WiringError(`fromAsyncIterable(iterable): expected an AsyncIterable; got ${describe(iterable)}.`);
  }
  return new FromAsyncIterable(iterable, stageOptions('fromAsyncIterable', options).name);
}

class FromAsyncIterable<T> extends Stream<{}, { out: T }> {
  private iterator: AsyncIterator<T> | null = null;
  /** The iterator said it is done, or threw: nothing to return(). */
  private exhausted = false;
  /** The stream ended (finalize ran): a late `next()` result is dropped. */
  private ended = false;
  /** An item pulled while the output was full, pushed before the next pull. */
  private waiting: { readonly item: T } | null = null;

  constructor(
    private readonly iterable: AsyncIterable<T>,
    name: string,
  ) {
    super({ name, outs: ['out'] });
  }

  override async run(_ins: Inputs<{}>, outs: Outputs<{ out: T }>): Promise<boolean> {
    const it = (this.iterator ??= this.iterable[Symbol.asyncIterator]());
    const out = outs.out;
    // An item pulled earlier that found the output full: it goes first.
    if (this.waiting !== null) {
      if (out.full) return true;
      const item = this.waiting.item;
      this.waiting = null;
      if (!out.push(item)) return true;
    }
    for (;;) {
      let r: IteratorResult<T>;
      try {
        r = await it.next();
      } catch (err) {
        this.exhausted = true;
        throw err;
      }
      if (this.ended) return false;
      if (r.done) {
        this.exhausted = true;
        return false;
      }
      // Every consumer cancelled: stop pulling; the engine finishes the stream on its next look.
      if (out.cancelled) return true;
      // Another producer into the same input may have filled it during the await: keep the item.
      if (out.full) {
        this.waiting = { item: r.value };
        return true;
      }
      if (!out.push(r.value)) return true;
    }
  }

  override finalize(): void {
    this.ended = true;
    // An iterator left unfinished (cancelled, failed, aborted) is told so it can release its resources.
    if (this.iterator !== null && !this.exhausted) {
      this.exhausted = true;
      const done = this.iterator.return?.();
      // A rejection of return() has nowhere to go once the stream has ended.
      if (done !== undefined && typeof (done as Promise<unknown>).then === 'function')
        (done as Promise<unknown>).then(undefined, () => {});
    }
  }
}

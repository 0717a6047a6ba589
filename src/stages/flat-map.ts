import type { ObservableInput } from 'rxjs';
import type { Inputs, Outputs } from '../types';
import type { Overflow } from '../rx/from-observable';
import { Stream } from '../stream';
import { checkFunction, checkOneOf, checkWhole, stageOptions, type StageOptions } from './check';
import { EXHAUSTED, PUSHED, innerSource, type InnerBound, type InnerSource } from './inner-sources';

/** Options of {@link flatMap}. */
export interface FlatMapOptions extends StageOptions {
  /** Inner sources open at once (default 1: one after another, in order; more: merged, in turns). */
  concurrency?: number;
  /** Items an inner Observable may have waiting for room (default 16). */
  size?: number;
  /**
   * What happens when an inner Observable emits while `size` of its items
   * wait (default `'error'`): as for an Observable source, `'error'` fails the
   * stage, `'drop-newest'` drops the item, `'drop-oldest'` the oldest waiting
   * one (drops count as `skipped` in metrics), `'unbounded'` keeps it.
   */
  overflow?: Overflow;
}

/** What a {@link flatMap} function may return. */
export type InnerInput<U> = Iterable<U> | AsyncIterable<U> | ObservableInput<U>;

const OVERFLOWS: readonly Overflow[] = ['error', 'drop-newest', 'drop-oldest', 'unbounded'];

/**
 * Turns every item into an inner source with `fn` (given the item and its
 * index) and emits the inner sources' items: one inner after another by
 * default (RxJS `concatMap`, Akka `flatMapConcat`), or up to `concurrency` at
 * once, their items merged in turns (`mergeMap`, `flatMapMerge`). `fn`
 * returns an array or other iterable, an async iterable, or an Observable (or
 * a Promise, or anything RxJS's `from` takes).
 *
 * Inner sources are pulled lazily and only while the output has room: an
 * iterable in the stage's run, an async iterable with at most one `next()` in
 * flight and one item waiting. An inner Observable is subscribed only when it
 * is its turn (one of the `concurrency` open); as it cannot be paused, its
 * items wait in a buffer of `size` under the `overflow` policy. A synchronous
 * Observable (`of(a, b, c)`) drains downstream as it emits, so its buffer
 * fills only when downstream cannot keep up.
 *
 * - emits when: an open inner source has an item and the output has room
 * - back-pressures when: `concurrency` inner sources are open
 * - completes when: the input is done and every inner source is exhausted
 * - cancels when: the output is cancelled (open iterators get `return()`, Observables are unsubscribed)
 * - fails when: `fn` throws or returns something that is no source, an inner source throws, rejects or errors,
 *   or an inner Observable overflows under `'error'` (the error names the stage)
 *
 * ```
 * in:  -a------b|
 * out: -a1-a2--b1-b2|   flatMap((x) => [x + 1, x + 2])
 * ```
 *
 * Holds at most `concurrency` open inner sources, each with at most one item
 * (an async iterable) or `size` items (an Observable) waiting.
 *
 * @example
 * ```ts
 * files.pipe(workflow.addStream(flatMap((path: string) => readLinesOf(path), { concurrency: 4 })));
 * ```
 */
export function flatMap<T, U>(
  fn: (item: T, index: number) => InnerInput<U>,
  options?: FlatMapOptions,
): Stream<{ in: T }, { out: U }> {
  checkFunction('flatMap', 'fn', fn, 'flatMap((x) => [x, x])');
  const name = stageOptions('flatMap', options, ['concurrency', 'size', 'overflow']).name;
  const concurrency = checkWhole('flatMap', 'concurrency', options?.concurrency ?? 1, 1);
  const size = checkWhole('flatMap', 'size', options?.size ?? 16, 1);
  const overflow = checkOneOf('flatMap', 'overflow', options?.overflow ?? 'error', OVERFLOWS);
  return new FlatMap(fn, concurrency, { size, overflow }, name);
}

class FlatMap<T, U> extends Stream<{ in: T }, { out: U }> {
  private index = 0;
  /** Open inner sources, oldest first. */
  private readonly open: InnerSource<U>[] = [];
  /** The inner source whose turn it is. */
  private turn = 0;

  constructor(
    private readonly fn: (item: T, index: number) => InnerInput<U>,
    private readonly concurrency: number,
    private readonly bound: InnerBound,
    name: string,
  ) {
    super({ name, ins: ['in'], outs: ['out'] });
  }

  override run(ins: Inputs<{ in: T }>, outs: Outputs<{ out: U }>): boolean {
    const input = ins.in;
    const out = outs.out;
    const open = this.open;
    for (;;) {
      while (open.length < this.concurrency && input.size > 0) {
        open.push(innerSource<U>(this.fn(input.pop(), this.index++), this.context!, out, this.bound, this.name));
      }
      if (open.length === 0) return false;
      // Full with inner sources open: run again when there is room.
      if (out.full) return true;
      // One item from each open source in turn; a source that has none now wakes the stage when it has.
      let moved = false;
      for (let k = open.length; k > 0 && !out.full; k--) {
        if (this.turn >= open.length) this.turn = 0;
        const r = open[this.turn].next(out);
        if (r === EXHAUSTED) {
          open.splice(this.turn, 1)[0].close();
          moved = true;
        } else {
          if (r === PUSHED) moved = true;
          this.turn++;
        }
      }
      if (!moved) return false;
    }
  }

  override finalize(): void {
    for (const inner of this.open.splice(0)) inner.close();
  }
}

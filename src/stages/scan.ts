import type { Inputs, Outputs } from '../types';
import { Stream } from '../stream';
import { checkFunction, stageOptions, type StageOptions } from './check';

/**
 * Folds every item into an accumulator and emits each new accumulator. With a
 * `seed`, the first item is folded into it; without one, as in RxJS, the first
 * item is the seed and is emitted as it is, and `fn` first sees the second item
 * (index 1).
 *
 * - emits when: an item arrives and the output has room
 * - back-pressures when: the output is full
 * - completes when: the input is done (an empty input emits nothing)
 * - cancels when: the output is cancelled
 * - fails when: `fn` throws (the error names the stage)
 *
 * ```
 * in:  -1-2-3|
 * out: -1-3-6|     scan((sum, x) => sum + x, 0), and scan((sum, x) => sum + x)
 * ```
 *
 * A seed is told from options by position, as RxJS tells it by the number of
 * arguments: `scan(fn, seed, options)`; `scan(fn)` has no seed (and no options).
 *
 * @example
 * ```ts
 * numbers.pipe(workflow.addStream(scan((sum: number, x: number) => sum + x, 0)));
 * numbers.pipe(workflow.addStream(scan((max: number, x: number) => Math.max(max, x))));
 * ```
 */
export function scan<T>(fn: (acc: T, item: T, index: number) => T): Stream<{ in: T }, { out: T }>;
export function scan<T, A>(
  fn: (acc: A, item: T, index: number) => A,
  seed: A,
  options?: StageOptions,
): Stream<{ in: T }, { out: A }>;
export function scan<T, A>(
  fn: (acc: A, item: T, index: number) => A,
  ...rest: [seed?: A, options?: StageOptions]
): Stream<{ in: T }, { out: A }> {
  checkFunction('scan', 'fn', fn, 'scan((sum, x) => sum + x, 0)');
  const name = stageOptions('scan', rest[1]).name;
  // No seed: the first item becomes the accumulator (A is then T).
  return rest.length === 0 ? new Scan(fn, NO_SEED, name) : new Scan(fn, rest[0] as A, name);
}

/** The accumulator before the first item of a scan without a seed. */
const NO_SEED: unique symbol = Symbol('no seed');

class Scan<T, A> extends Stream<{ in: T }, { out: A }> {
  private index = 0;

  constructor(
    private readonly callback: (acc: A, item: T, index: number) => A,
    private acc: A | typeof NO_SEED,
    name: string,
  ) {
    super({ name, ins: ['in'], outs: ['out'] });
  }

  override run(ins: Inputs<{ in: T }>, outs: Outputs<{ out: A }>): boolean {
    const input = ins.in;
    const out = outs.out;
    if (out.full) return true;
    const fn = this.callback;
    // Nothing arrives while this runs: read the size once, and keep the state in locals.
    let acc = this.acc;
    let index = this.index;
    let left = input.size;
    if (acc === NO_SEED && left > 0) {
      acc = input.pop() as unknown as A;
      index++;
      left--;
      if (!out.push(acc)) left = 0;
    }
    for (; left > 0; left--) {
      acc = fn(acc as A, input.pop(), index++);
      if (!out.push(acc)) break;
    }
    this.acc = acc;
    this.index = index;
    return false;
  }
}

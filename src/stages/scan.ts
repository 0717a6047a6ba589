import type { Inputs, Outputs } from '../types';
import { Stream } from '../stream';
import { checkFunction, stageOptions, type StageOptions } from './check';

/**
 * Folds every item into an accumulator, starting from `seed`, and emits each new accumulator.
 *
 * - emits when: an item arrives and the output has room
 * - back-pressures when: the output is full
 * - completes when: the input is done (an empty input emits nothing)
 * - cancels when: the output is cancelled
 * - fails when: `fn` throws (the error names the stage)
 *
 * ```
 * in:  -1-2-3|
 * out: -1-3-6|     scan((sum, x) => sum + x, 0)
 * ```
 *
 * @example
 * ```ts
 * numbers.pipe(workflow.addStream(scan((sum: number, x: number) => sum + x, 0)));
 * ```
 */
export function scan<T, A>(
  fn: (acc: A, item: T, index: number) => A,
  seed: A,
  options?: StageOptions,
): Stream<{ in: T }, { out: A }> {
  checkFunction('scan', 'fn', fn, 'scan((sum, x) => sum + x, 0)');
  return new Scan(fn, seed, stageOptions('scan', options).name);
}

class Scan<T, A> extends Stream<{ in: T }, { out: A }> {
  private index = 0;

  constructor(
    private readonly callback: (acc: A, item: T, index: number) => A,
    private acc: A,
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
    for (let left = input.size; left > 0; left--) {
      acc = fn(acc, input.pop(), index++);
      if (!out.push(acc)) break;
    }
    this.acc = acc;
    this.index = index;
    return false;
  }
}

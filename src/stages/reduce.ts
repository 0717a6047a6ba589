import type { Inputs, Outputs } from '../types';
import { Stream } from '../stream';
import { checkFunction, stageOptions, type StageOptions } from './check';

/**
 * Folds every item into an accumulator, starting from `seed`, and emits the
 * final accumulator once, when the input is done (`seed` for an empty input).
 *
 * - emits when: the input is done and the output has room
 * - back-pressures when: never while folding (it holds one accumulator); at the end, while the output is full
 * - completes when: the final accumulator was emitted
 * - cancels when: the output is cancelled
 * - fails when: `fn` throws (the error names the stage)
 *
 * ```
 * in:  -1-2-3|
 * out: ------(6|)   reduce((sum, x) => sum + x, 0)
 * ```
 *
 * @example
 * ```ts
 * orders.pipe(workflow.addStream(reduce((total: number, o: Order) => total + o.amount, 0)));
 * ```
 */
export function reduce<T, A>(
  fn: (acc: A, item: T, index: number) => A,
  seed: A,
  options?: StageOptions,
): Stream<{ in: T }, { out: A }> {
  checkFunction('reduce', 'fn', fn, 'reduce((sum, x) => sum + x, 0)');
  return new Reduce(fn, seed, stageOptions('reduce', options).name);
}

class Reduce<T, A> extends Stream<{ in: T }, { out: A }> {
  private index = 0;
  private emitted = false;

  constructor(
    private readonly callback: (acc: A, item: T, index: number) => A,
    private acc: A,
    name: string,
  ) {
    super({ name, ins: ['in'], outs: ['out'] });
  }

  override run(ins: Inputs<{ in: T }>, outs: Outputs<{ out: A }>): boolean {
    const input = ins.in;
    const fn = this.callback;
    let acc = this.acc;
    let index = this.index;
    for (let left = input.size; left > 0; left--) acc = fn(acc, input.pop(), index++);
    this.acc = acc;
    this.index = index;
    if (!input.closed || this.emitted) return false;
    if (outs.out.full) return true;
    this.emitted = true;
    outs.out.push(acc);
    return false;
  }
}

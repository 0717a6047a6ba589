import type { Inputs, Outputs } from '../types';
import { Stream } from '../stream';
import { checkFunction, stageOptions, type StageOptions } from './check';

/**
 * Routes each item to the output `true` or `false`, by `pred`.
 *
 * - emits when: an item arrives and the output it goes to has room
 * - back-pressures when: the output the next item goes to is full
 * - completes when: the input is done
 * - cancels when: both connected outputs are cancelled (items for a cancelled one are dropped)
 * - fails when: `pred` throws (the error names the stage)
 *
 * ```
 * in:    -1-2-3-4|
 * true:  ---2---4|   fork((x) => x % 2 === 0)
 * false: -1---3--|
 * ```
 *
 * @example
 * ```ts
 * const even = workflow.addStream(fork((x: number) => x % 2 === 0));
 * even.output('true').pipe(evens.input('in'));
 * even.output('false').pipe(odds.input('in'));
 * ```
 */
export function fork<T>(
  pred: (item: T, index: number) => unknown,
  options?: StageOptions,
): Stream<{ in: T }, { true: T; false: T }> {
  checkFunction('fork', 'pred', pred, 'fork((x) => x > 0)');
  return new Fork(pred, stageOptions('fork', options).name);
}

class Fork<T> extends Stream<{ in: T }, { true: T; false: T }> {
  private index = 0;
  /** Where the item at the head of the input goes, once decided: `pred` runs once per item. */
  private route: boolean | null = null;

  constructor(
    private readonly callback: (item: T, index: number) => unknown,
    name: string,
  ) {
    super({ name, ins: ['in'], outs: ['true', 'false'] });
  }

  override run(ins: Inputs<{ in: T }>, outs: Outputs<{ true: T; false: T }>): boolean {
    const input = ins.in;
    while (input.size > 0) {
      const route = this.route ?? (this.route = !!this.callback(input.peek(), this.index++));
      const out = route ? outs.true : outs.false;
      // The item stays in the input until its output has room, so it is neither lost nor held here.
      if (out.full) return false;
      this.route = null;
      out.push(input.pop());
    }
    return false;
  }
}

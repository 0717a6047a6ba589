import type { Inputs, Outputs } from '../types';
import { Stream } from '../stream';
import { checkFunction, stageOptions, type StageOptions } from './check';

/**
 * Discards items while `pred` (given the item and its index) holds, then
 * emits the first item that fails it and every item after, without asking again.
 *
 * - emits when: `pred` has failed once and an item arrives while the output has room
 * - back-pressures when: the output is full
 * - completes when: the input is done
 * - cancels when: the output is cancelled
 * - fails when: `pred` throws (the error names the stage)
 *
 * ```
 * in:  -1-2-5-3|
 * out: -----5-3|   dropWhile((x) => x < 5)
 * ```
 *
 * @example
 * ```ts
 * lines.pipe(workflow.addStream(dropWhile((line: string) => line.startsWith('#'))));
 * ```
 */
export function dropWhile<T>(
  pred: (item: T, index: number) => unknown,
  options?: StageOptions,
): Stream<{ in: T }, { out: T }> {
  checkFunction('dropWhile', 'pred', pred, 'dropWhile((x) => x < 10)');
  return new DropWhile(pred, stageOptions('dropWhile', options).name);
}

class DropWhile<T> extends Stream<{ in: T }, { out: T }> {
  private index = 0;
  private dropping = true;

  constructor(
    private readonly pred: (item: T, index: number) => unknown,
    name: string,
  ) {
    super({ name, ins: ['in'], outs: ['out'] });
  }

  override run(ins: Inputs<{ in: T }>, outs: Outputs<{ out: T }>): boolean {
    const input = ins.in;
    const out = outs.out;
    if (out.full) return true;
    while (this.dropping && input.size > 0) {
      if (this.pred(input.peek(), this.index++)) input.pop();
      else this.dropping = false;
    }
    for (let left = input.size; left > 0; left--) if (!out.push(input.pop())) break;
    return false;
  }
}

import type { Stream } from '../stream';
import { keepIf } from './filter';
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
  // Once an item fails `pred`, it is not asked again.
  let dropping = true;
  return keepIf((item: T, index: number) => {
    if (dropping && pred(item, index)) return false;
    dropping = false;
    return true;
  }, stageOptions('dropWhile', options).name);
}

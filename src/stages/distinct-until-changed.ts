import type { Stream } from '../stream';
import { keepIf } from './filter';
import { checkFunction, stageOptions, type StageOptions } from './check';

/**
 * Emits each item that differs from the one before it, by `eq` (default `===`):
 * runs of equal items become one.
 *
 * - emits when: an item differs from the previous one and the output has room
 * - back-pressures when: the output is full
 * - completes when: the input is done
 * - cancels when: the output is cancelled
 * - fails when: `eq` throws (the error names the stage)
 *
 * ```
 * in:  -1-1-2-2-1|
 * out: -1---2---1|   distinctUntilChanged()
 * ```
 *
 * Holds one item (the last emitted), whatever the input.
 *
 * @example
 * ```ts
 * states.pipe(workflow.addStream(distinctUntilChanged((a: State, b: State) => a.level === b.level)));
 * ```
 */
export function distinctUntilChanged<T>(
  eq?: (previous: T, item: T) => boolean,
  options?: StageOptions,
): Stream<{ in: T }, { out: T }> {
  if (eq !== undefined)
    checkFunction('distinctUntilChanged', 'eq', eq, 'distinctUntilChanged((a, b) => a.id === b.id)');
  const same = eq ?? strictEquals;
  let hasPrevious = false;
  let previous: T | undefined = undefined;
  return keepIf((item: T) => {
    if (hasPrevious && same(previous as T, item)) return false;
    hasPrevious = true;
    previous = item;
    return true;
  }, stageOptions('distinctUntilChanged', options).name);
}

function strictEquals(a: unknown, b: unknown): boolean {
  return a === b;
}

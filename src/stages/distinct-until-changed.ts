import type { Inputs, Outputs } from '../types';
import { Stream } from '../stream';
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
  return new DistinctUntilChanged(eq ?? strictEquals, stageOptions('distinctUntilChanged', options).name);
}

function strictEquals(a: unknown, b: unknown): boolean {
  return a === b;
}

class DistinctUntilChanged<T> extends Stream<{ in: T }, { out: T }> {
  private hasPrevious = false;
  private previous: T | undefined = undefined;

  constructor(
    private readonly eq: (previous: T, item: T) => boolean,
    name: string,
  ) {
    super({ name, ins: ['in'], outs: ['out'] });
  }

  override run(ins: Inputs<{ in: T }>, outs: Outputs<{ out: T }>): boolean {
    const input = ins.in;
    const out = outs.out;
    if (out.full) return true;
    for (let left = input.size; left > 0; left--) {
      const item = input.pop();
      if (this.hasPrevious && this.eq(this.previous as T, item)) continue;
      this.hasPrevious = true;
      this.previous = item;
      if (!out.push(item)) break;
    }
    return false;
  }
}

import type { Inputs, Outputs } from '../types';
import { Stream } from '../stream';
import { checkBoolean, checkFunction, stageOptions, type StageOptions } from './check';

/** Options of {@link takeWhile}. */
export interface TakeWhileOptions extends StageOptions {
  /** Also emit the first item that fails `pred`, before finishing (default `false`). */
  inclusive?: boolean;
}

/**
 * Emits items while `pred` (given the item and its index) holds; at the first
 * item that fails it, finishes and cancels its input, so that upstream stops.
 *
 * - emits when: an item passes `pred` (or is the first to fail it, with `inclusive`) and the output has room
 * - back-pressures when: the output is full
 * - completes when: an item fails `pred`, or the input is done
 * - cancels when: an item fails `pred`, or the output is cancelled
 * - fails when: `pred` throws (the error names the stage)
 *
 * ```
 * in:  -1-2-5-3-…
 * out: -1-2|         takeWhile((x) => x < 5); with { inclusive: true }: -1-2-(5|)
 * ```
 *
 * @example
 * ```ts
 * readings.pipe(workflow.addStream(takeWhile((r: Reading) => r.ok)));
 * ```
 */
export function takeWhile<T, S extends T>(
  pred: (item: T, index: number) => item is S,
  options?: TakeWhileOptions,
): Stream<{ in: T }, { out: S }>;
export function takeWhile<T>(
  pred: (item: T, index: number) => unknown,
  options?: TakeWhileOptions,
): Stream<{ in: T }, { out: T }>;
export function takeWhile<T>(
  pred: (item: T, index: number) => unknown,
  options?: TakeWhileOptions,
): Stream<{ in: T }, { out: T }> {
  checkFunction('takeWhile', 'pred', pred, 'takeWhile((x) => x < 10)');
  const name = stageOptions('takeWhile', options, ['inclusive']).name;
  const inclusive = checkBoolean('takeWhile', 'inclusive', options?.inclusive ?? false);
  return new TakeWhile(pred, inclusive, name);
}

class TakeWhile<T> extends Stream<{ in: T }, { out: T }> {
  private index = 0;

  constructor(
    private readonly pred: (item: T, index: number) => unknown,
    private readonly inclusive: boolean,
    name: string,
  ) {
    super({ name, ins: ['in'], outs: ['out'] });
  }

  override run(ins: Inputs<{ in: T }>, outs: Outputs<{ out: T }>): boolean {
    const input = ins.in;
    const out = outs.out;
    if (out.full) return true;
    while (input.size > 0) {
      const item = input.pop();
      if (!this.pred(item, this.index++)) {
        if (this.inclusive) out.push(item);
        // Closing the only output finishes the stream, which cancels the input.
        out.close();
        return false;
      }
      if (!out.push(item)) return false;
    }
    return false;
  }
}

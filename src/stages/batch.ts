import type { Inputs, Outputs } from '../types';
import { Stream } from '../stream';
import { checkWhole, stageOptions, type StageOptions } from './check';

/**
 * Groups items into arrays of `size`; the last, partial batch is emitted when the input closes.
 *
 * - emits when: `size` items have arrived (or the input closed with some left) and the output has room
 * - back-pressures when: the output is full
 * - completes when: the input is done and the partial batch was emitted
 * - cancels when: the output is cancelled
 * - fails when: never
 *
 * ```
 * in:  -1-2-3-4-5|
 * out: ---a---b--c|   batch(2): a = [1, 2], b = [3, 4], c = [5]
 * ```
 *
 * Holds at most `size - 1` items of its own between batches.
 *
 * @example
 * ```ts
 * rows.pipe(workflow.addStream(batch<Row>(500))).pipe(workflow.addStream(forEach(insertMany)));
 * ```
 */
export function batch<T>(size: number, options?: StageOptions): Stream<{ in: T }, { out: T[] }> {
  checkWhole('batch', 'size', size, 1);
  return new Batch<T>(size, stageOptions('batch', options).name);
}

class Batch<T> extends Stream<{ in: T }, { out: T[] }> {
  private pending: T[] = [];

  constructor(
    private readonly size: number,
    name: string,
  ) {
    super({ name, ins: ['in'], outs: ['out'] });
  }

  override run(ins: Inputs<{ in: T }>, outs: Outputs<{ out: T[] }>): boolean {
    const input = ins.in;
    const out = outs.out;
    if (out.full) return true;
    while (input.size > 0) {
      this.pending.push(input.pop());
      if (this.pending.length === this.size) {
        const full = this.pending;
        this.pending = [];
        if (!out.push(full)) return false;
      }
    }
    if (input.closed && this.pending.length > 0) {
      out.push(this.pending);
      this.pending = [];
    }
    return false;
  }
}

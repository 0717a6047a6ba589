import type { Inputs, Outputs } from '../types';
import { Stream } from '../stream';
import { checkWhole, stageOptions, type StageOptions } from './check';

/**
 * Emits windows of `n` consecutive items, a new window starting every `step`
 * items (default 1): overlapping when `step < n`, with gaps when `step > n`.
 * When the input ends, a last, shorter window is emitted only if it holds an
 * item no other window had (so an input shorter than `n` gives one window).
 *
 * - emits when: a window is complete (or the input ended with items in no window) and the output has room
 * - back-pressures when: the output is full
 * - completes when: the input is done and the last window was emitted
 * - cancels when: the output is cancelled
 * - fails when: never
 *
 * ```
 * in:  -1-2-3-4|
 * out: ---a-b-c|   sliding(2): a = [1, 2], b = [2, 3], c = [3, 4]
 * ```
 *
 * Holds at most `n` items.
 *
 * @example
 * ```ts
 * prices.pipe(workflow.addStream(sliding<number>(5))).pipe(workflow.addStream(map(average)));
 * ```
 */
export function sliding<T>(n: number, step = 1, options?: StageOptions): Stream<{ in: T }, { out: T[] }> {
  checkWhole('sliding', 'n', n, 1);
  checkWhole('sliding', 'step', step, 1);
  return new Sliding<T>(n, step, stageOptions('sliding', options).name);
}

class Sliding<T> extends Stream<{ in: T }, { out: T[] }> {
  /** The current window's items so far. */
  private window: T[] = [];
  /** Items still to skip before the next window starts (only when `step > n`). */
  private gap = 0;
  /** Items of the current window that no emitted window had. */
  private fresh = 0;

  constructor(
    private readonly n: number,
    private readonly step: number,
    name: string,
  ) {
    super({ name, ins: ['in'], outs: ['out'] });
  }

  override run(ins: Inputs<{ in: T }>, outs: Outputs<{ out: T[] }>): boolean {
    const input = ins.in;
    const out = outs.out;
    if (out.full) return true;
    const n = this.n;
    while (input.size > 0) {
      const item = input.pop();
      if (this.gap > 0) {
        this.gap--;
        continue;
      }
      this.window.push(item);
      this.fresh++;
      if (this.window.length < n) continue;
      const full = this.window;
      this.fresh = 0;
      // The next window keeps the last n - step items of this one, or starts after a gap.
      this.window = this.step < n ? full.slice(this.step) : [];
      this.gap = this.step > n ? this.step - n : 0;
      if (!out.push(full)) return false;
    }
    if (input.closed && this.fresh > 0) {
      this.fresh = 0;
      out.push(this.window);
      this.window = [];
    }
    return false;
  }
}

import type { Inputs, Outputs } from '../types';
import { Stream } from '../stream';
import { checkWhole, stageOptions, type StageOptions } from './check';

/**
 * Groups items into arrays of `size`, as RxJS's `bufferCount(size, startEvery)`:
 * a new batch starts every `startEvery` items (default `size`), so batches
 * overlap when `startEvery` is smaller than `size`, and the items between
 * them are skipped when it is larger. When the input closes, every batch still
 * open is emitted, oldest first, however short.
 *
 * - emits when: a batch holds `size` items (or the input closed with it open) and the output has room
 * - back-pressures when: the output is full
 * - completes when: the input is done and every open batch was emitted
 * - cancels when: the output is cancelled
 * - fails when: never
 *
 * ```
 * in:  -1-2-3-4-5|
 * out: ---a---b--(c|)   batch(2):    a = [1, 2], b = [3, 4], c = [5]
 * out: ---a-b-c-d(e|)   batch(2, 1): a = [1, 2], b = [2, 3], c = [3, 4], d = [4, 5], e = [5]
 * out: ---a-----b|    batch(2, 3): a = [1, 2], b = [4, 5]; 3 is skipped
 * ```
 *
 * Holds at most `ceil(size / startEvery)` open batches of fewer than `size` items each.
 *
 * @example
 * ```ts
 * rows.pipe(workflow.addStream(batch<Row>(500))).pipe(workflow.addStream(forEach(insertMany)));
 * readings.pipe(workflow.addStream(batch<number>(10, 1))); // sliding windows of 10
 * ```
 */
export function batch<T>(size: number, options?: StageOptions): Stream<{ in: T }, { out: T[] }>;
export function batch<T>(
  size: number,
  startEvery: number | null | undefined,
  options?: StageOptions,
): Stream<{ in: T }, { out: T[] }>;
export function batch<T>(
  size: number,
  startEveryOrOptions?: number | null | StageOptions,
  options?: StageOptions,
): Stream<{ in: T }, { out: T[] }> {
  checkWhole('batch', 'size', size, 1);
  // batch(size, options) reads as bufferCount(size) with options; a number (or null, as RxJS takes) is startEvery.
  if (startEveryOrOptions !== null && typeof startEveryOrOptions === 'object') {
    return batch<T>(size, undefined, startEveryOrOptions);
  }
  const every = checkWhole('batch', 'startEvery', startEveryOrOptions ?? size, 1);
  return new Batch<T>(size, every, stageOptions('batch', options).name);
}

class Batch<T> extends Stream<{ in: T }, { out: T[] }> {
  /** Open batches, oldest first: at most ceil(size / every). */
  private open: T[][] = [];
  /** Items taken so far, modulo `every`: a batch starts at 0. */
  private phase = 0;

  constructor(
    private readonly size: number,
    private readonly every: number,
    name: string,
  ) {
    super({ name, ins: ['in'], outs: ['out'] });
  }

  override run(ins: Inputs<{ in: T }>, outs: Outputs<{ out: T[] }>): boolean {
    const input = ins.in;
    const out = outs.out;
    if (out.full) return true;
    const open = this.open;
    const every = this.every;
    let phase = this.phase;
    while (input.size > 0) {
      const item = input.pop();
      if (phase === 0) open.push([]);
      if (++phase === every) phase = 0;
      for (let i = 0; i < open.length; i++) open[i].push(item);
      // Batches start `every` items apart: only the oldest can be full, and at most one fills per item.
      if (open.length > 0 && open[0].length === this.size && !out.push(open.shift()!)) {
        this.phase = phase;
        // Input left, or an input still open, brings this stage back; a done input with batches open must ask.
        return input.size === 0 && input.closed && open.length > 0;
      }
    }
    this.phase = phase;
    if (input.closed) {
      while (open.length > 0) if (!out.push(open.shift()!)) return open.length > 0;
    }
    return false;
  }
}

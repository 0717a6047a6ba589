import type { Inputs, Outputs } from '../types';
import { Stream } from '../stream';
import { checkWhole, stageOptions, type StageOptions } from './check';

/**
 * Emits the first `n` items, then finishes and cancels its input, so that
 * upstream stops being pulled and finishes too.
 *
 * - emits when: one of the first `n` items arrives and the output has room
 * - back-pressures when: the output is full
 * - completes when: `n` items were emitted, or the input is done
 * - cancels when: `n` items were emitted, or the output is cancelled
 * - fails when: never
 *
 * ```
 * in:  -1-2-3-4-…
 * out: -1-2|        take(2); the input is cancelled after 2
 * ```
 *
 * `take(0)` finishes the first time it runs: when an item arrives or the input closes.
 *
 * @example
 * ```ts
 * const endless = workflow.addStream(range(0, Infinity));
 * endless.pipe(workflow.addStream(take<number>(10))); // 0 … 9, then range stops
 * ```
 */
export function take<T>(n: number, options?: StageOptions): Stream<{ in: T }, { out: T }> {
  checkWhole('take', 'n', n, 0);
  return new Take<T>(n, stageOptions('take', options).name);
}

class Take<T> extends Stream<{ in: T }, { out: T }> {
  private taken = 0;

  constructor(
    private readonly n: number,
    name: string,
  ) {
    // take(0) asks for nothing: it completes at its first run, and an Observable source behind it
    // is never subscribed, as with RxJS's take(0).
    super({ name, ins: ['in'], outs: ['out'], demand: n === 0 ? 'on-request' : 'all' });
  }

  override run(ins: Inputs<{ in: T }>, outs: Outputs<{ out: T }>): boolean {
    const input = ins.in;
    const out = outs.out;
    if (out.full) return true;
    while (input.size > 0 && this.taken < this.n) {
      this.taken++;
      if (!out.push(input.pop()) && this.taken < this.n) return false;
    }
    // Closing the only output finishes the stream; finishing cancels the input, which stops upstream.
    if (this.taken >= this.n) out.close();
    return false;
  }
}

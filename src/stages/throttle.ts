import type { Inputs, Outputs } from '../types';
import { Stream } from '../stream';
import { checkWhole, stageOptions, type StageOptions } from './check';
import { Alarm, checkDuration } from './time';

/** Options of {@link throttle}. */
export interface ThrottleOptions extends StageOptions {
  /** How many items may go at once after a quiet spell: the bucket's size (default 1, an even pace). It starts full. */
  burst?: number;
}

/**
 * Lets at most `elements` items through per `per` milliseconds of the
 * workflow's clock, as a token bucket: a token comes every `per / elements`
 * ms, up to `burst` saved, and each item takes one. An item that finds no
 * token waits in the input until one comes, which back-pressures upstream;
 * nothing is dropped.
 *
 * - emits when: an item has arrived, a token is there, and the output has room
 * - back-pressures when: no token is left, or the output is full
 * - completes when: the input is done (every item still waiting goes out at the pace)
 * - cancels when: the output is cancelled
 * - fails when: never
 *
 * ```
 * in:  -(abcd)|
 * out: -a-b-c-(d|)   throttle(1, 2): one item every 2 ms
 * ```
 *
 * @example
 * ```ts
 * // At most 10 requests a second, 5 at once after a pause.
 * ids.pipe(workflow.addStream(throttle<string>(10, 1000, { burst: 5 }))).pipe(lookups);
 * ```
 */
export function throttle<T>(elements: number, per: number, options?: ThrottleOptions): Stream<{ in: T }, { out: T }> {
  checkWhole('throttle', 'elements', elements, 1);
  checkDuration('throttle', 'per', per, true);
  const name = stageOptions('throttle', options, ['burst']).name;
  const burst = checkWhole('throttle', 'burst', options?.burst ?? 1, 1);
  return new Throttle<T>(elements, per, burst, name);
}

class Throttle<T> extends Stream<{ in: T }, { out: T }> {
  /**
   * Tokens saved, in units of 1 / `per` of a token: `elements` units come each
   * millisecond and an item takes `per`. Whole-number times (virtual frames,
   * `Date.now()`) keep the arithmetic exact.
   */
  private credit: number;
  private last = NaN;
  private readonly alarm = new Alarm();

  constructor(
    private readonly elements: number,
    private readonly per: number,
    private readonly burst: number,
    name: string,
  ) {
    super({ name, ins: ['in'], outs: ['out'] });
    this.credit = burst * per;
  }

  override run(ins: Inputs<{ in: T }>, outs: Outputs<{ out: T }>): boolean {
    const context = this.context!;
    const input = ins.in;
    const out = outs.out;
    const now = context.now();
    if (this.last === this.last) {
      this.credit = Math.min(this.burst * this.per, this.credit + (now - this.last) * this.elements);
    }
    this.last = now;
    const per = this.per;
    while (input.size > 0 && this.credit >= per && !out.full) {
      this.credit -= per;
      out.push(input.pop());
    }
    if (input.size === 0) this.alarm.clear();
    // Waiting for a token: wake when it comes. (Waiting for room: the engine runs the stage when it comes.)
    else if (this.credit < per) this.alarm.set(context, now + Math.ceil((per - this.credit) / this.elements));
    return false;
  }
}

import type { Inputs, Outputs } from '../types';
import { Stream } from '../stream';
import { stageOptions, type StageOptions } from './check';
import { Alarm, Newest, checkDuration } from './time';

/**
 * Every `ms` milliseconds of the workflow's clock (counted from its first
 * run, when the first item arrives), emits the newest item that arrived
 * before that tick, if one did since the last tick. Items it replaces are
 * dropped on purpose and counted as `skipped` in the workflow's metrics, and
 * so is an item still waiting for its tick when the input is done (as RxJS's
 * `sampleTime` does).
 *
 * - emits when: a tick comes after an item arrived, and the output has room (late, after a full output)
 * - back-pressures when: an item whose tick came waits for room in a full output; otherwise it takes every
 *   item as it comes, and holds one
 * - completes when: the input is done (a sampled item waiting for room goes out first)
 * - cancels when: the output is cancelled
 * - fails when: never
 *
 * ```
 * in:  -a-b-c----d-|
 * out: -----b---c--|   sample(4): ticks at 5, 9, 13 from a's arrival at 1; d is dropped at the end
 * ```
 *
 * @example
 * ```ts
 * positions.pipe(workflow.addStream(sample<Position>(1000))).pipe(render);
 * ```
 */
export function sample<T>(ms: number, options?: StageOptions): Stream<{ in: T }, { out: T }> {
  checkDuration('sample', 'ms', ms, true);
  return new Sample<T>(ms, stageOptions('sample', options).name);
}

class Sample<T> extends Stream<{ in: T }, { out: T }> {
  private start = NaN;
  private readonly newest = new Newest<T>();
  /** The first tick after the item held arrived: when it goes out. */
  private tick = 0;
  private readonly alarm = new Alarm();

  constructor(
    private readonly ms: number,
    name: string,
  ) {
    // Decoupled: it takes items while the output is full, so that a newer one replaces the one it holds.
    super({ name, ins: ['in'], outs: ['out'], decoupled: true });
  }

  override run(ins: Inputs<{ in: T }>, outs: Outputs<{ out: T }>): boolean {
    const context = this.context!;
    const input = ins.in;
    const now = context.now();
    const newest = this.newest;
    if (this.start !== this.start) this.start = now;
    // An item whose tick has come goes out before newer ones can replace it.
    if (newest.holding && now >= this.tick && !newest.emit(outs.out)) return true;
    if (newest.take(input, context)) {
      // An item that arrives at a tick goes out at the next one, whichever of the two the stage saw first.
      this.tick = this.start + (Math.floor((now - this.start) / this.ms) + 1) * this.ms;
    }
    // The input ended before the item's tick: dropped, as RxJS's sampleTime drops it.
    if (newest.holding && input.closed) newest.drop(context);
    if (newest.holding) this.alarm.set(context, this.tick);
    else this.alarm.clear();
    return false;
  }
}

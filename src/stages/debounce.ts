import type { Inputs, Outputs } from '../types';
import { Stream } from '../stream';
import { stageOptions, type StageOptions } from './check';
import { Alarm, Newest, checkDuration } from './time';

/**
 * Emits an item only once `ms` milliseconds of the workflow's clock have
 * passed without another arriving: of a burst, only the last item goes out.
 * The items it replaces are dropped on purpose and counted as `skipped` in
 * the workflow's metrics. When the input is done, the item it holds goes out
 * at once.
 *
 * - emits when: `ms` passed since the last item arrived (or the input is done) and the output has room
 * - back-pressures when: never; it takes every item as it comes, and holds one (a newer one replaces it,
 *   also while the output is full)
 * - completes when: the input is done and the last item was emitted
 * - cancels when: the output is cancelled
 * - fails when: never
 *
 * ```
 * in:  -a-b------c-|
 * out: --------b---(c|)   debounce(5)
 * ```
 *
 * @example
 * ```ts
 * keystrokes.pipe(workflow.addStream(debounce<string>(300))).pipe(search);
 * ```
 */
export function debounce<T>(ms: number, options?: StageOptions): Stream<{ in: T }, { out: T }> {
  checkDuration('debounce', 'ms', ms);
  return new Debounce<T>(ms, stageOptions('debounce', options).name);
}

class Debounce<T> extends Stream<{ in: T }, { out: T }> {
  private readonly newest = new Newest<T>();
  private arrived = 0;
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
    if (newest.take(input, context)) this.arrived = now;
    if (newest.holding && (input.closed || now >= this.arrived + this.ms)) {
      // Due while the output is full: run again when it has room.
      if (!newest.emit(outs.out)) return true;
    }
    if (newest.holding) this.alarm.set(context, this.arrived + this.ms);
    else this.alarm.clear();
    return false;
  }
}

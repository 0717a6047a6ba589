import type { Inputs, Outputs } from '../types';
import { Stream } from '../stream';
import { checkWhole, stageOptions, type StageOptions } from './check';
import { Alarm, checkDuration } from './time';

/**
 * Groups items into arrays of at most `n`, emitting a group when it has `n`
 * items or when `ms` milliseconds of the workflow's clock have passed since
 * its first item, whichever comes first; empty groups are never emitted.
 *
 * - emits when: a group has `n` items, is `ms` old, or the input is done, and the output has room
 * - back-pressures when: the output is full (a group that is due waits for room; items wait upstream)
 * - completes when: the input is done and the last group was emitted
 * - cancels when: the output is cancelled
 * - fails when: never
 *
 * ```
 * in:  -abc-d------e|
 * out: ---x-----y----(z|)   groupedWithin(3, 5): x = [a, b, c], y = [d] (5 ms after d), z = [e]
 * ```
 *
 * Holds at most `n` items.
 *
 * @example
 * ```ts
 * rows.pipe(workflow.addStream(groupedWithin<Row>(500, 1000))).pipe(workflow.addStream(forEach(insertMany)));
 * ```
 */
export function groupedWithin<T>(n: number, ms: number, options?: StageOptions): Stream<{ in: T }, { out: T[] }> {
  checkWhole('groupedWithin', 'n', n, 1);
  checkDuration('groupedWithin', 'ms', ms, true);
  return new GroupedWithin<T>(n, ms, stageOptions('groupedWithin', options).name);
}

class GroupedWithin<T> extends Stream<{ in: T }, { out: T[] }> {
  private group: T[] = [];
  /** When the group's first item arrived. */
  private opened = 0;
  private readonly alarm = new Alarm();

  constructor(
    private readonly n: number,
    private readonly ms: number,
    name: string,
  ) {
    super({ name, ins: ['in'], outs: ['out'] });
  }

  override run(ins: Inputs<{ in: T }>, outs: Outputs<{ out: T[] }>): boolean {
    const context = this.context!;
    const input = ins.in;
    const out = outs.out;
    const now = context.now();
    // A group that came due while the output was full goes first.
    if (this.group.length > 0 && now >= this.opened + this.ms && !this.emit(out)) return true;
    while (input.size > 0) {
      if (this.group.length === 0) this.opened = now;
      this.group.push(input.pop());
      if (this.group.length === this.n && !this.emit(out)) return false;
    }
    if (this.group.length > 0 && (input.closed || now >= this.opened + this.ms)) {
      if (!this.emit(out)) return true;
    }
    if (this.group.length > 0) this.alarm.set(context, this.opened + this.ms);
    else this.alarm.clear();
    return false;
  }

  /** Pushes the group unless the output is full; false when it had to stay, or filled the output. */
  private emit(out: Outputs<{ out: T[] }>['out']): boolean {
    if (out.full) return false;
    const group = this.group;
    this.group = [];
    return out.push(group);
  }
}

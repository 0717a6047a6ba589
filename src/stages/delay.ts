import type { Inputs, Outputs } from '../types';
import { Stream } from '../stream';
import { checkWhole, stageOptions, type StageOptions } from './check';
import { Alarm, checkDuration } from './time';

/** Options of {@link delay}. */
export interface DelayOptions extends StageOptions {
  /** Most items held while they wait for their time (default 16); beyond, the stage stops taking input. */
  size?: number;
}

/**
 * Emits every item `ms` milliseconds of the workflow's clock after it
 * arrived (in virtual time under a `TestScheduler`), in order. It holds at
 * most `size` items: a burst larger than that waits upstream, and its items
 * are timed from when the stage takes them.
 *
 * - emits when: an item has waited `ms` and the output has room (late, after a full output)
 * - back-pressures when: it holds `size` items
 * - completes when: the input is done and every item held was emitted
 * - cancels when: the output is cancelled (items held are dropped)
 * - fails when: never
 *
 * ```
 * in:  -a-b---c|
 * out: ----a-b---(c|)   delay(3)
 * ```
 *
 * @example
 * ```ts
 * retries.pipe(workflow.addStream(delay<Job>(1000))).pipe(workflow.addStream(forEach(submit)));
 * ```
 */
export function delay<T>(ms: number, options?: DelayOptions): Stream<{ in: T }, { out: T }> {
  checkDuration('delay', 'ms', ms);
  const name = stageOptions('delay', options, ['size']).name;
  const size = checkWhole('delay', 'size', options?.size ?? 16, 1);
  return new Delay<T>(ms, size, name);
}

class Delay<T> extends Stream<{ in: T }, { out: T }> {
  private readonly items: (T | undefined)[] = [];
  private readonly dues: number[] = [];
  private head = 0;
  private readonly alarm = new Alarm();

  constructor(
    private readonly ms: number,
    private readonly size: number,
    name: string,
  ) {
    // Decoupled: items are taken, and timed, as they arrive, even while the output is full.
    super({ name, ins: ['in'], outs: ['out'], decoupled: true });
  }

  private get held(): number {
    return this.items.length - this.head;
  }

  override run(ins: Inputs<{ in: T }>, outs: Outputs<{ out: T }>): boolean {
    const context = this.context!;
    const input = ins.in;
    const out = outs.out;
    const now = context.now();
    // Emitting what is due makes room for more input, and with ms 0 what it takes is due at once: go on until neither moves.
    for (;;) {
      this.emitDue(now, out);
      if (input.size === 0 || this.held >= this.size) break;
      while (input.size > 0 && this.held < this.size) {
        this.items.push(input.pop());
        this.dues.push(now + this.ms);
      }
    }
    if (this.held === 0) {
      this.alarm.clear();
      return false;
    }
    const next = this.dues[this.head];
    if (next <= now) return true; // due, and the output is full: run again when it has room
    this.alarm.set(context, next);
    return false;
  }

  private emitDue(now: number, out: Outputs<{ out: T }>['out']): void {
    const items = this.items;
    const dues = this.dues;
    while (this.head < items.length && dues[this.head] <= now && !out.full) {
      const item = items[this.head] as T;
      items[this.head++] = undefined;
      out.push(item);
    }
    // Compact once the emitted part is the larger one, so the arrays stay within twice `size`.
    if (this.head > 0 && this.head * 2 >= items.length) {
      items.splice(0, this.head);
      dues.splice(0, this.head);
      this.head = 0;
    }
  }
}

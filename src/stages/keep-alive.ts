import type { Inputs, Outputs } from '../types';
import { Stream } from '../stream';
import { checkFunction, stageOptions, type StageOptions } from './check';
import { Alarm, checkDuration } from './time';

/**
 * Passes items on, and emits `make()` whenever nothing has been emitted for
 * `ms` milliseconds of the workflow's clock (counted from the stage's first
 * run, when its first item arrives) while the output has room: a heartbeat on
 * a quiet connection. Items that wait for room go first: nothing is made
 * while they do.
 *
 * - emits when: an item arrives, or `ms` pass with nothing emitted, and the output has room
 * - back-pressures when: the output is full
 * - completes when: the input is done (no heartbeat after)
 * - cancels when: the output is cancelled
 * - fails when: `make` throws (the error names the stage)
 *
 * ```
 * in:  -a---------b|
 * out: -a----k----b|   keepAlive(5, () => k)
 * ```
 *
 * @example
 * ```ts
 * events.pipe(workflow.addStream(keepAlive(15_000, () => ({ type: 'ping' }) as Event))).pipe(socketWriter);
 * ```
 */
export function keepAlive<T, K = T>(
  ms: number,
  make: () => K,
  options?: StageOptions,
): Stream<{ in: T }, { out: T | K }> {
  checkDuration('keepAlive', 'ms', ms, true);
  checkFunction('keepAlive', 'make', make, "keepAlive(15_000, () => ({ type: 'ping' }))");
  return new KeepAlive<T, K>(ms, make, stageOptions('keepAlive', options).name);
}

class KeepAlive<T, K> extends Stream<{ in: T }, { out: T | K }> {
  /** When the stage last emitted (or first ran). */
  private last = NaN;
  private readonly alarm = new Alarm();

  constructor(
    private readonly ms: number,
    private readonly make: () => K,
    name: string,
  ) {
    super({ name, ins: ['in'], outs: ['out'] });
  }

  override run(ins: Inputs<{ in: T }>, outs: Outputs<{ out: T | K }>): boolean {
    const context = this.context!;
    const input = ins.in;
    const out = outs.out;
    const now = context.now();
    if (this.last !== this.last) this.last = now;
    if (input.size > 0 && !out.full) {
      this.last = now;
      for (let left = input.size; left > 0; left--) if (!out.push(input.pop())) break;
    }
    if (input.closed) {
      this.alarm.clear();
      return false;
    }
    if (input.size === 0 && now >= this.last + this.ms) {
      // Due while the output is full: run again when it has room.
      if (out.full) return true;
      this.last = now;
      out.push(this.make());
    }
    this.alarm.set(context, this.last + this.ms);
    return false;
  }
}

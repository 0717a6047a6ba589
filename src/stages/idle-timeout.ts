import type { Input } from '../types';
import type { Stream } from '../stream';
import { stageOptions, type StageOptions } from './check';
import { checkDuration } from './time';
import { TimeLimit } from './time-limit';

/**
 * Passes items on, and fails with a {@link TimeoutError} when no item has
 * arrived for `ms` milliseconds of the workflow's clock. The clock starts at
 * the stage's first run, when its first item arrives (a stream with inputs
 * first runs then); an item counts when it arrives, even if it then waits for
 * room, so a slow consumer that stops upstream ends in a timeout too.
 *
 * - emits when: an item arrives and the output has room
 * - back-pressures when: the output is full
 * - completes when: the input is done
 * - cancels when: the output is cancelled
 * - fails when: `ms` pass without an item (a TimeoutError naming the stage and `ms`)
 *
 * ```
 * in:  -a-b-------c|
 * out: -a-b----#      idleTimeout(5)
 * ```
 *
 * @example
 * ```ts
 * ticks.pipe(workflow.addStream(idleTimeout<Tick>(30_000))).pipe(monitor);
 * ```
 */
export function idleTimeout<T>(ms: number, options?: StageOptions): Stream<{ in: T }, { out: T }> {
  checkDuration('idleTimeout', 'ms', ms, true);
  return new IdleTimeout<T>(ms, stageOptions('idleTimeout', options).name);
}

class IdleTimeout<T> extends TimeLimit<T> {
  private last = NaN;
  /** Items left in the input after the last run: more means some arrived since. */
  private left = 0;

  constructor(
    private readonly ms: number,
    name: string,
  ) {
    super(name);
  }

  protected deadline(input: Input<T>, now: number): number {
    if (input.size > this.left || this.last !== this.last) this.last = now;
    return this.last + this.ms;
  }

  protected override taken(input: Input<T>): void {
    this.left = input.size;
  }

  protected expired(): string {
    return (
      `idleTimeout: no item arrived for ${this.ms} ms; raise ms, or find what stops upstream ` +
      '(a slow consumer downstream stops it too).'
    );
  }
}

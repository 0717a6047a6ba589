/**
 * What the time stages share: durations checked alike, and one pending
 * wake-up of a stage at a time on its workflow's clock (`context.now()` and
 * `context.wakeAfter`, so virtual time under a TestScheduler). A time stage
 * keeps its deadlines itself and asks its alarm to run it at the earliest;
 * each run looks at the clock and sets the next one.
 */
import type { Input, Output, StreamContext } from '../types';
import { WiringError } from '../errors';
import { describe } from '../stream';

/** Checks a number of milliseconds: finite, and at least 0 (more than 0 when `positive`). */
export function checkDuration(stage: string, arg: string, value: unknown, positive = false): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || (positive && value === 0)) {
    throw new WiringError(
      `${stage}(${arg}): ${arg} must be a number of milliseconds, ${positive ? 'more than' : 'at least'} 0; got ${describe(value)}.`,
    );
  }
  return value;
}

/** One pending wake-up of a stage at a time (see the module's comment). */
export class Alarm {
  private cancel: (() => void) | null = null;
  /** When the wake-up set last is due; `Infinity` when none is. */
  private due = Infinity;

  /**
   * Runs the stage at `at` (or soon after), unless a wake-up due at or before
   * then is pending: that one runs the stage, which sets the next. A
   * scheduler's timer may go off up to a millisecond before its time by the
   * clock (Node's timers and `Date.now()` round apart), so a wake-up due
   * within a millisecond may already have run, and another is set; a duplicate
   * only runs the stage once more.
   */
  set(context: StreamContext, at: number): void {
    const now = context.now();
    if (this.cancel !== null && this.due <= at && now < this.due - 1) return;
    // One due later than needed is called off (which runs the stage once, harmlessly).
    if (this.cancel !== null && this.due > at) this.cancel();
    this.due = at;
    this.cancel = context.wakeAfter(at > now ? at - now : 0);
  }

  /** Calls off the pending wake-up, so that it no longer holds the run (a stream finishes only once none is pending). */
  clear(): void {
    const cancel = this.cancel;
    if (cancel === null) return;
    this.cancel = null;
    this.due = Infinity;
    cancel();
  }
}

/**
 * The one item `debounce` and `sample` hold: the newest that arrived. Those
 * it replaces are dropped on purpose, and counted as `skipped` in metrics.
 */
export class Newest<T> {
  holding = false;
  private item: T | undefined = undefined;

  /** Takes every item that arrived, keeping the newest; true when one did. */
  take(input: Input<T>, context: StreamContext): boolean {
    const arriving = input.size;
    if (arriving === 0) return false;
    const replaced = arriving - (this.holding ? 0 : 1);
    for (let left = arriving; left > 1; left--) input.pop();
    this.item = input.pop();
    this.holding = true;
    if (replaced > 0) context.skipped(replaced);
    return true;
  }

  /** Pushes the item held; false when the output is full and it stays. */
  emit(out: Output<T>): boolean {
    if (out.full) return false;
    const item = this.item as T;
    this.holding = false;
    this.item = undefined;
    out.push(item);
    return true;
  }

  /** Drops the item held (counted as skipped). */
  drop(context: StreamContext): void {
    this.holding = false;
    this.item = undefined;
    context.skipped();
  }
}

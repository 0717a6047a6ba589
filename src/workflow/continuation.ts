/**
 * Continuations and the clock: how the run loop yields between time slices.
 * With an RxJS scheduler the loop continues there (and reads its clock, so
 * virtual time slices virtual work); without one it continues in a macrotask.
 */
import type { SchedulerLike } from 'rxjs';

/** Cancels a scheduled continuation. */
export type Cancel = () => void;

/** The scheduler's clock when there is one, else the wall clock. */
export function now(scheduler: SchedulerLike | undefined): number {
  return scheduler !== undefined ? scheduler.now() : Date.now();
}

/** Runs `fn` later, on `scheduler` or in a macrotask; returns how to cancel it. */
export function continueLater(scheduler: SchedulerLike | undefined, fn: () => void): Cancel {
  if (scheduler === undefined) return macrotask(fn);
  const sub = scheduler.schedule(fn);
  return () => sub.unsubscribe();
}

/** The default continuation: a macrotask, so timers and I/O get their turn. */
function macrotask(fn: () => void): Cancel {
  const g = globalThis as unknown as {
    setImmediate?: (f: () => void) => unknown;
    clearImmediate?: (h: unknown) => void;
    setTimeout: (f: () => void, ms: number) => unknown;
    clearTimeout: (h: unknown) => void;
  };
  if (typeof g.setImmediate === 'function' && typeof g.clearImmediate === 'function') {
    const handle = g.setImmediate(fn);
    return () => g.clearImmediate!(handle);
  }
  const handle = g.setTimeout(fn, 0);
  return () => g.clearTimeout(handle);
}

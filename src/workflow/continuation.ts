/**
 * Continuations: how the run loop comes back after it stopped. Two kinds:
 * "soon" (something changed outside the loop — a promise settled, a stream
 * woke — and the loop must run, but never under the caller's stack) and
 * "yield" (the loop used up its runs for this slice and gives the event loop
 * a turn). With an RxJS scheduler both go through it, so virtual time orders
 * them; without one, "soon" is a microtask and "yield" a macrotask.
 */
import type { SchedulerLike } from 'rxjs';

/** Cancels a scheduled continuation. */
export type Cancel = () => void;

export type ContinuationKind = 'soon' | 'yield';

/** Runs `fn` later: on `scheduler`, or in a microtask ("soon") or macrotask ("yield"); returns how to cancel it. */
export function continueLater(scheduler: SchedulerLike | undefined, kind: ContinuationKind, fn: () => void): Cancel {
  if (scheduler !== undefined) return onScheduler(scheduler, fn);
  return kind === 'soon' ? microtask(fn) : macrotask(fn);
}

/**
 * A scheduler may run an action before `schedule()` returns (`queueScheduler`
 * outside a queue does). That would run the loop under the caller's stack, so
 * such a continuation is moved to a microtask instead.
 */
function onScheduler(scheduler: SchedulerLike, fn: () => void): Cancel {
  let scheduling = true;
  let cancelled = false;
  let moved: Cancel | null = null;
  const sub = scheduler.schedule(() => {
    if (cancelled) return;
    if (scheduling) moved = microtask(fn);
    else fn();
  });
  scheduling = false;
  return () => {
    cancelled = true;
    sub.unsubscribe();
    if (moved !== null) moved();
  };
}

const resolved = Promise.resolve();

function microtask(fn: () => void): Cancel {
  let cancelled = false;
  void resolved.then(() => {
    if (!cancelled) fn();
  });
  return () => {
    cancelled = true;
  };
}

/** The default yield: a macrotask, so timers and I/O get their turn. */
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

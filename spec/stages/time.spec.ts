/**
 * Every time stage clears its timers however it ends: when its input
 * completes (those that need no more time to finish), when the run fails,
 * and when it is aborted. A pending timer holds the run, never a deadlock.
 */
import {
  NEVER,
  concat,
  ignoreElements,
  mergeMap,
  of,
  throwError,
  timer,
  type Observable,
  type SchedulerLike,
} from 'rxjs';
import {
  Workflow,
  collect,
  completionTimeout,
  debounce,
  delay,
  groupedWithin,
  idleTimeout,
  keepAlive,
  mapAsync,
  sample,
  throttle,
  type Stream,
} from '../../src/index';
import { countingScheduler, quiesce, timerCounts } from '../reliability/support/teardown';

const LONG = 60_000;

const stages: Record<string, { make: () => Stream<{ in: number }, { out: unknown }>; finishesAtOnce: boolean }> = {
  delay: { make: () => delay<number>(LONG), finishesAtOnce: false },
  throttle: { make: () => throttle<number>(1, LONG), finishesAtOnce: false },
  debounce: { make: () => debounce<number>(LONG), finishesAtOnce: true },
  sample: { make: () => sample<number>(LONG), finishesAtOnce: true },
  groupedWithin: { make: () => groupedWithin<number>(10, LONG), finishesAtOnce: true },
  idleTimeout: { make: () => idleTimeout<number>(LONG), finishesAtOnce: true },
  completionTimeout: { make: () => completionTimeout<number>(LONG), finishesAtOnce: true },
  keepAlive: { make: () => keepAlive(LONG, () => 0), finishesAtOnce: true },
  // A service that is down: every item waits LONG for its retry.
  'mapAsync with retry': {
    make: () =>
      mapAsync<number, number>(() => Promise.reject(new Error('down')), {
        retry: { attempts: 3, backoff: { min: LONG } },
      }),
    finishesAtOnce: false,
  },
};

/** 1, 2, 3 at once, then `end` (nothing, a completion or an error, 20 ms later). */
function source(end: 'never' | 'complete' | 'error'): Observable<number> {
  const rest =
    end === 'never'
      ? NEVER
      : end === 'complete'
        ? timer(20).pipe(ignoreElements())
        : timer(20).pipe(mergeMap(() => throwError(() => new Error('upstream broke'))));
  return concat(of(1, 2, 3), rest);
}

function build(
  make: () => Stream<{ in: number }, { out: unknown }>,
  end: 'never' | 'complete' | 'error',
  scheduler?: SchedulerLike,
) {
  const wf = new Workflow({ capacity: 4, scheduler });
  const sink = collect<unknown>();
  wf.addSource(source(end), { name: 'source' }).pipe(wf.addStream(make())).pipe(wf.addStream(sink));
  return wf;
}

describe('time stages clear their timers', () => {
  for (const [name, { make, finishesAtOnce }] of Object.entries(stages)) {
    it(`${name}: on abort, with a timer pending`, async () => {
      // Real timers, counted on the run's own scheduler (other specs' timers come and go meanwhile).
      const clock = countingScheduler();
      const wf = build(make, 'never', clock);
      const controller = new AbortController();
      const run = wf.run({ signal: controller.signal }).then(
        () => 'completed',
        (e: unknown) => (e as Error).name,
      );
      await quiesce();
      expect(clock.pending()).toBeGreaterThan(0);
      controller.abort();
      expect(await run).toBe('AbortError');
      expect(clock.pending()).toBe(0);
    });

    it(`${name}: on a failure upstream, with a timer pending`, async () => {
      const before = timerCounts();
      const wf = build(make, 'error');
      await expectAsync(wf.run()).toBeRejectedWithError(/stream "source" failed: upstream broke/);
      await quiesce();
      expect(timerCounts().Timeout).toBeLessThanOrEqual(before.Timeout);
    });

    if (finishesAtOnce) {
      it(`${name}: when its input completes, at once`, async () => {
        const before = timerCounts();
        const wf = build(make, 'complete');
        const started = Date.now();
        await wf.run();
        expect(Date.now() - started).toBeLessThan(5000);
        await quiesce();
        expect(timerCounts().Timeout).toBeLessThanOrEqual(before.Timeout);
      });
    }
  }
});

/**
 * Supervision of the user-function stages: `onError` on map, filter,
 * mapAsync and forEach ('fail', 'skip' or a function deciding per error and
 * item, skipped items counted in metrics), and `retry` with back-off on
 * mapAsync and forEach, timed on the workflow's clock (virtual time here,
 * each call at its exact frame; the jitter comes from an injected `random`).
 */
import {
  MimoError,
  StreamError,
  Workflow,
  WiringError,
  collect,
  filter,
  forEach,
  fromIterable,
  map,
  mapAsync,
  type MetricsSnapshot,
  type Stream,
} from '../../src/index';
import { countingScheduler, quiesce } from '../reliability/support/teardown';
import { runVirtual } from './support';

/** Runs `stage` between [1 … n] and a collecting sink; the items out, how the run ended, and the stage's skipped count. */
async function supervised<U>(
  stage: Stream<{ in: number }, { out: U }>,
  items: number[],
): Promise<{ out: U[]; error?: unknown; skipped: number }> {
  const wf = new Workflow({ capacity: 2 });
  const sink = collect<U>();
  wf.addStream(fromIterable(items)).pipe(wf.addStream(stage)).pipe(wf.addStream(sink));
  let snapshot: MetricsSnapshot | undefined;
  wf.metrics(60_000).subscribe((m) => (snapshot = m));
  let error: unknown;
  await wf.run().catch((e: unknown) => (error = e));
  const skipped = snapshot!.streams.find((s) => s.name === stage.name)!.skipped;
  return { out: sink.items, error, skipped };
}

const noTwos = (x: number) => {
  if (x % 2 === 0) throw new TypeError(`no ${x}`);
  return x * 10;
};

describe('supervision: onError', () => {
  it("map: 'skip' drops the items whose call threw, counts them as skipped, and goes on", async () => {
    expect(await supervised(map(noTwos, { onError: 'skip' }), [1, 2, 3, 4, 5])).toEqual({
      out: [10, 30, 50],
      error: undefined,
      skipped: 2,
    });
  });

  it("map: 'fail' (the default) fails the run with the error as thrown, naming the stage", async () => {
    for (const stage of [map(noTwos), map(noTwos, { onError: 'fail' })]) {
      const r = await supervised(stage, [1, 2, 3]);
      // The failure ends the run: what was on its way to the sink may not arrive.
      expect([10].slice(0, r.out.length)).toEqual(r.out);
      expect(r.error).toBeInstanceOf(StreamError);
      expect((r.error as StreamError).message).toBe('stream "map" failed: no 2');
      expect((r.error as StreamError).cause).toBeInstanceOf(TypeError);
      expect(r.skipped).toBe(0);
    }
  });

  it('map: a function decides per error and item; the item is given as it arrived', async () => {
    const seen: [string, number][] = [];
    const fn = (x: number) => {
      if (x === 2) throw new TypeError('two');
      if (x === 4) throw new RangeError('four');
      return x;
    };
    const decide = (err: unknown, item: number) => {
      seen.push([(err as Error).message, item]);
      return err instanceof TypeError ? 'skip' : 'fail';
    };
    const r = await supervised(map(fn, { onError: decide }), [1, 2, 3, 4, 5]);
    expect([1, 3].slice(0, r.out.length)).toEqual(r.out);
    expect((r.error as StreamError).cause).toBeInstanceOf(RangeError);
    expect(seen).toEqual([
      ['two', 2],
      ['four', 4],
    ]);
    expect(r.skipped).toBe(1);
  });

  it('map: a deciding function that throws fails the run with what it threw; a wrong answer is a clear error', async () => {
    const thrown = new Error('decider broke');
    const r1 = await supervised(
      map(noTwos, {
        onError: () => {
          throw thrown;
        },
      }),
      [1, 2],
    );
    expect((r1.error as StreamError).cause).toBe(thrown);
    const r2 = await supervised(map(noTwos, { onError: (() => 'ignore') as never }), [1, 2]);
    expect((r2.error as StreamError).cause).toBeInstanceOf(MimoError);
    expect((r2.error as StreamError).message).toBe(
      `stream "map" failed: map: onError returned "ignore"; return 'fail' or 'skip'.`,
    );
  });

  it("filter: 'skip' drops the items whose predicate threw, counted as skipped", async () => {
    const pred = (x: number) => {
      if (x === 3) throw new Error('three');
      return x % 2 === 1;
    };
    expect(await supervised(filter(pred, { onError: 'skip' }), [1, 2, 3, 4, 5])).toEqual({
      out: [1, 5],
      error: undefined,
      skipped: 1,
    });
  });

  it("mapAsync: 'skip' drops items whose call threw or whose promise rejected, ordered or not, any concurrency", async () => {
    const fn = (x: number) => {
      if (x === 2) throw new Error('sync two');
      if (x % 3 === 0) return Promise.reject(new Error(`async ${x}`));
      return Promise.resolve(x * 10);
    };
    for (const ordered of [true, false]) {
      for (const concurrency of [1, 3]) {
        const r = await supervised(mapAsync(fn, { onError: 'skip', ordered, concurrency }), [1, 2, 3, 4, 5, 6, 7]);
        expect(ordered ? r.out : [...r.out].sort((a, b) => a - b)).toEqual([10, 40, 50, 70]);
        expect(r.error).toBeUndefined();
        expect(r.skipped).toBe(3);
      }
    }
  });

  it("forEach: 'skip' goes on past a failing call; 'fail' fails with the rejection", async () => {
    const done: number[] = [];
    const fn = async (x: number) => {
      if (x === 2) throw new Error('no two');
      done.push(x);
    };
    const wf = new Workflow();
    wf.addStream(fromIterable([1, 2, 3])).pipe(wf.addStream(forEach(fn, { onError: 'skip' })));
    let snapshot: MetricsSnapshot | undefined;
    wf.metrics(60_000).subscribe((m) => (snapshot = m));
    await wf.run();
    expect(done).toEqual([1, 3]);
    expect(snapshot!.streams.find((s) => s.name === 'forEach')!.skipped).toBe(1);

    const wf2 = new Workflow();
    wf2.addStream(fromIterable([1, 2, 3])).pipe(wf2.addStream(forEach(fn)));
    await expectAsync(wf2.run()).toBeRejectedWithError(StreamError, 'stream "forEach" failed: no two');
  });
});

/** A service that fails the first `failures[x]` calls for item x; records each call as `frame: item`. */
function flaky(failures: Record<number, number>, now: () => number, calls: string[], async = true) {
  const left = { ...failures };
  return (x: number) => {
    calls.push(`${now()}: ${x}`);
    if ((left[x] ?? 0) > 0) {
      left[x]--;
      const err = new Error(`flaky ${x}`);
      if (!async) throw err;
      return Promise.reject(err);
    }
    return async ? Promise.resolve(x * 10) : x * 10;
  };
}

describe('supervision: retry (virtual time)', () => {
  it('mapAsync calls fn again after min, then min × factor, … capped at max, each at its exact frame', async () => {
    const calls: string[] = [];
    const sink = collect<number>();
    const r = await runVirtual((scheduler) => {
      const wf = new Workflow({ scheduler });
      const fn = flaky({ 2: 4 }, () => scheduler.now(), calls);
      const stage = mapAsync(fn, { retry: { attempts: 5, backoff: { min: 10, max: 25, factor: 2 } } });
      wf.addStream(fromIterable([1, 2, 3]))
        .pipe(wf.addStream(stage))
        .pipe(wf.addStream(sink));
      return wf;
    });
    expect(r.error).toBeUndefined();
    expect(sink.items).toEqual([10, 20, 30]);
    // Waits of 10, 20, 25 (capped), 25.
    expect(calls).toEqual(['0: 1', '0: 2', '10: 2', '30: 2', '55: 2', '80: 2', '80: 3']);
    expect(r.frame).toBe(80);
  });

  it('a synchronous throw is retried the same way; jitter comes from the injected random', async () => {
    const calls: string[] = [];
    const sink = collect<number>();
    const r = await runVirtual((scheduler) => {
      const wf = new Workflow({ scheduler });
      const fn = flaky({ 1: 2 }, () => scheduler.now(), calls, false);
      const stage = mapAsync(fn, {
        retry: { attempts: 3, backoff: { min: 10, max: 1000, factor: 3, jitter: 0.2 }, random: () => 0.5 },
      });
      wf.addStream(fromIterable([1, 2]))
        .pipe(wf.addStream(stage))
        .pipe(wf.addStream(sink));
      return wf;
    });
    expect(r.error).toBeUndefined();
    expect(sink.items).toEqual([10, 20]);
    // 10 × 1.1 = 11, then 30 × 1.1 = 33.
    expect(calls).toEqual(['0: 1', '11: 1', '44: 1', '44: 2']);
  });

  it('an item waiting for its retry counts against concurrency; others go on meanwhile, results stay in order', async () => {
    const calls: string[] = [];
    const sink = collect<number>();
    await runVirtual((scheduler) => {
      const wf = new Workflow({ scheduler });
      const fn = flaky({ 1: 1 }, () => scheduler.now(), calls);
      const stage = mapAsync(fn, { concurrency: 2, retry: { attempts: 2, backoff: { min: 50 } } });
      wf.addStream(fromIterable([1, 2, 3, 4]))
        .pipe(wf.addStream(stage))
        .pipe(wf.addStream(sink));
      return wf;
    });
    expect(sink.items).toEqual([10, 20, 30, 40]);
    // 1 waits for its retry and 2 is done, waiting behind it: the window of 2 is full until 1 succeeds at 50.
    expect(calls).toEqual(['0: 1', '0: 2', '50: 1', '50: 3', '50: 4']);
  });

  it("once the attempts are spent, onError decides: 'skip' counts the item, the default fails with the last error", async () => {
    const calls: string[] = [];
    const sink = collect<number>();
    let snapshot: MetricsSnapshot | undefined;
    const r = await runVirtual((scheduler) => {
      const wf = new Workflow({ scheduler });
      const fn = flaky({ 2: 99 }, () => scheduler.now(), calls);
      const stage = mapAsync(fn, { onError: 'skip', retry: { attempts: 3, backoff: { min: 5, factor: 1 } } });
      wf.addStream(fromIterable([1, 2, 3]))
        .pipe(wf.addStream(stage))
        .pipe(wf.addStream(sink));
      wf.metrics(1_000_000).subscribe((m) => (snapshot = m));
      return wf;
    });
    expect(r.error).toBeUndefined();
    expect(sink.items).toEqual([10, 30]);
    expect(calls).toEqual(['0: 1', '0: 2', '5: 2', '10: 2', '10: 3']);
    expect(snapshot!.streams.find((s) => s.name === 'mapAsync')!.skipped).toBe(1);

    const failing = await runVirtual((scheduler) => {
      const wf = new Workflow({ scheduler });
      const fn = flaky({ 2: 99 }, () => scheduler.now(), []);
      wf.addStream(fromIterable([1, 2, 3]))
        .pipe(wf.addStream(mapAsync(fn, { retry: { attempts: 2, backoff: { min: 5 } } })))
        .pipe(wf.addStream(collect<number>()));
      return wf;
    });
    expect(failing.error).toBeInstanceOf(StreamError);
    expect((failing.error as StreamError).message).toBe('stream "mapAsync" failed: flaky 2');
    expect(failing.frame).toBe(5);
  });

  it('forEach retries the same way, holding its concurrency while an item waits', async () => {
    const calls: string[] = [];
    const r = await runVirtual((scheduler) => {
      const wf = new Workflow({ scheduler });
      const fn = flaky({ 1: 2, 3: 1 }, () => scheduler.now(), calls);
      wf.addStream(fromIterable([1, 2, 3])).pipe(
        wf.addStream(forEach(fn, { retry: { attempts: 3, backoff: { min: 7, factor: 2 } } })),
      );
      return wf;
    });
    expect(r.error).toBeUndefined();
    expect(calls).toEqual(['0: 1', '7: 1', '21: 1', '21: 2', '21: 3', '28: 3']);
  });

  it('clears the pending retry timer when the run is aborted, and when downstream cancels', async () => {
    // Real timers, counted on the run's own scheduler (other specs' timers come and go meanwhile).
    const clock = countingScheduler();
    const wf = new Workflow({ scheduler: clock });
    const fn = () => Promise.reject(new Error('down'));
    wf.addStream(fromIterable([1, 2, 3]))
      .pipe(wf.addStream(mapAsync(fn, { retry: { attempts: 5, backoff: { min: 60_000 } } })))
      .pipe(wf.addStream(collect<number>()));
    const controller = new AbortController();
    const run = wf.run({ signal: controller.signal }).catch((e: unknown) => (e as Error).name);
    await quiesce();
    expect(clock.pending()).toBeGreaterThan(0);
    controller.abort();
    expect(await run).toBe('AbortError');
    expect(clock.pending()).toBe(0);
  });

  it('rejects bad options, naming the key and suggesting the closest name', () => {
    const cases: [() => unknown, string][] = [
      [
        () => mapAsync((x) => x, { retry: { attemps: 3 } as never }),
        'mapAsync({ retry }): unknown option "attemps"; did you mean "attempts"? The options are: attempts, backoff, random.',
      ],
      [
        () => forEach((x) => x, { retry: { attempts: 3, backoff: { mni: 5 } as never } }),
        'forEach({ retry: { backoff } }): unknown option "mni"; did you mean "min"? The options are: min, max, factor, jitter.',
      ],
      [
        () => map((x) => x, { onErorr: 'skip' } as never),
        'map(…, options): unknown option "onErorr"; did you mean "onError"? The options are: name, onError.',
      ],
      [
        () => map((x) => x, { retry: { attempts: 2 } } as never),
        'map(…, options): unknown option "retry". The options are: name, onError.',
      ],
      [
        () => filter((x) => x, { onError: 'ignore' as never }),
        "filter({ onError }): onError must be 'fail', 'skip' or a function (err, item) => 'fail' | 'skip'; got \"ignore\".",
      ],
      [
        () => mapAsync((x) => x, { retry: { attempts: 0 } }),
        'mapAsync({ retry: { attempts } }): attempts (calls of fn per item, the first included) must be a whole number, at least 1; got 0.',
      ],
      [
        () => mapAsync((x) => x, { retry: { attempts: 2, backoff: { min: 10, max: 5 } } }),
        'mapAsync({ retry: { backoff: { max } } }): max must be a number of milliseconds, at least min (10); got 5.',
      ],
      [
        () => mapAsync((x) => x, { retry: { attempts: 2, backoff: { jitter: 2 } } }),
        'mapAsync({ retry: { backoff: { jitter } } }): jitter must be a number between 0 and 1; got 2.',
      ],
      [
        () => forEach((x) => x, { retry: 3 as never }),
        'forEach({ retry }): retry must be an object such as { attempts: 3, backoff: { min: 100, max: 5000 } }; got 3.',
      ],
    ];
    for (const [call, message] of cases) {
      expect(call).toThrowMatching((e) => e instanceof WiringError && e.message === message);
      try {
        call();
      } catch (e) {
        expect((e as Error).message).toBe(message);
      }
    }
  });
});

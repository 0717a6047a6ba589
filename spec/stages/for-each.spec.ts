import { AbortError, Workflow, forEach, fromIterable, range, WiringError } from '../../src/index';
import { BOUNDED_TIMEOUT, deferred, expectUpstreamError, macrotask, peaks } from './support';

describe('stages/forEach', () => {
  const run = async (items: Iterable<number>, sink: ReturnType<typeof forEach<number>>, capacity = 4) => {
    const wf = new Workflow({ capacity, strict: true });
    wf.addStream(fromIterable(items)).pipe(wf.addStream(sink));
    await wf.run();
    return wf;
  };

  it('calls nothing for an empty input, fn once for one item, in order for many', async () => {
    const seen: string[] = [];
    await run(
      [],
      forEach((x: number) => seen.push(`a${x}`)),
    );
    await run(
      [1],
      forEach((x: number) => seen.push(`b${x}`)),
    );
    await run(
      [1, 2, 3, 4, 5, 6],
      forEach((x: number, i: number) => seen.push(`c${x}/${i}`)),
      2,
    );
    expect(seen).toEqual(['b1', 'c1/0', 'c2/1', 'c3/2', 'c4/3', 'c5/4', 'c6/5']);
  });

  it('waits for an async fn: one promise in flight by default, and the run ends after the last settles', async () => {
    let inFlight = 0;
    let peak = 0;
    const done: number[] = [];
    await run(
      [1, 2, 3, 4, 5],
      forEach(async (x: number) => {
        peak = Math.max(peak, ++inFlight);
        await macrotask();
        inFlight--;
        done.push(x);
      }),
    );
    expect(done).toEqual([1, 2, 3, 4, 5]);
    expect(peak).toBe(1);
  });

  it('keeps exactly `concurrency` promises in flight at its peak, never more', async () => {
    let inFlight = 0;
    let peak = 0;
    const done: number[] = [];
    await run(
      Array.from({ length: 50 }, (_, i) => i),
      forEach(
        async (x: number) => {
          peak = Math.max(peak, ++inFlight);
          for (let i = 0; i < x % 4; i++) await macrotask();
          inFlight--;
          done.push(x);
        },
        { concurrency: 3 },
      ),
    );
    expect(peak).toBe(3);
    expect(done.slice().sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i));
  });

  it('fails naming the stage when fn throws or its promise rejects', async () => {
    const thrower = forEach((x: number) => {
      if (x === 2) throw new Error('sync no');
    });
    await expectAsync(run([1, 2, 3], thrower)).toBeRejectedWithError(/stream "forEach" failed: sync no/);
    const rejecter = forEach(
      async (x: number) => {
        await macrotask();
        if (x === 2) throw new Error('async no');
      },
      { name: 'save' },
    );
    await expectAsync(run([1, 2, 3], rejecter)).toBeRejectedWithError(/stream "save" failed: async no/);
  });

  it('takes the item fn threw on, calls it for nothing after, and for nothing after a call that aborts', async () => {
    const calls: number[] = [];
    const thrower = forEach((x: number) => {
      calls.push(x);
      if (x === 2) throw new Error('sync no');
    });
    const wf = new Workflow({ capacity: 8 });
    wf.addStream(fromIterable([1, 2, 3, 4])).pipe(wf.addStream(thrower));
    await expectAsync(wf.run()).toBeRejectedWithError(/stream "forEach" failed: sync no/);
    expect(calls).toEqual([1, 2]);
    const aborts = new Workflow({ capacity: 8 });
    const controller = new AbortController();
    const seen: number[] = [];
    aborts.addStream(fromIterable([1, 2, 3, 4])).pipe(
      aborts.addStream(
        forEach((x: number) => {
          seen.push(x);
          if (x === 2) controller.abort(new Error('enough'));
        }),
      ),
    );
    await expectAsync(aborts.run({ signal: controller.signal })).toBeRejectedWithError(
      AbortError,
      'run(): aborted: enough',
    );
    expect(seen).toEqual([1, 2]);
  });

  it('lets an upstream error fail the workflow, even with a promise in flight', async () => {
    const gate = deferred();
    await expectUpstreamError(forEach(() => gate.promise));
    gate.resolve();
  });

  it('rejects a bad fn or concurrency', () => {
    const wiring = (re: RegExp) => (e: unknown) => e instanceof WiringError && re.test(e.message);
    expect(() => forEach(1 as never)).toThrowMatching(wiring(/^forEach\(fn\): fn must be a function/));
    expect(() => forEach(() => 0, { concurrency: 0 })).toThrowMatching(
      wiring(/^forEach\(concurrency\): concurrency must be a whole number, at least 1; got 0/),
    );
  });

  it(
    'back-pressures a fast source of 100 000 items: nothing buffers beyond the capacity',
    async () => {
      const wf = new Workflow({ capacity: 16, strict: true });
      let count = 0;
      let inFlight = 0;
      let peak = 0;
      const sink = forEach(
        async () => {
          peak = Math.max(peak, ++inFlight);
          if (++count % 100 === 0) await macrotask();
          else await null;
          inFlight--;
        },
        { concurrency: 4, name: 'slow' },
      );
      wf.addStream(range(0, 100_000)).pipe(wf.addStream(sink));
      await wf.run();
      expect(count).toBe(100_000);
      expect(peak).toBe(4);
      expect(peaks(wf)).toEqual(['slow.in 16']);
    },
    BOUNDED_TIMEOUT,
  );
});

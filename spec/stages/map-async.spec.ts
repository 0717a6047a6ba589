import { Workflow, collect, fromIterable, mapAsync, WiringError } from '../../src/index';
import { testStream } from '../../src/testing';
import type { Step } from '../../src/workflow/step';
import {
  BOUNDED_TIMEOUT,
  boundedRun,
  deferred,
  earlyFinish,
  expectUpstreamError,
  macrotask,
  peaks,
  until,
} from './support';

/** An async fn whose promises the test settles by hand, counting how many are in flight. */
function controlled() {
  const pending: { item: number; settle: (v: string) => void }[] = [];
  const state = { inFlight: 0, peak: 0 };
  const fn = (item: number) => {
    state.peak = Math.max(state.peak, ++state.inFlight);
    const d = deferred<string>();
    pending.push({ item, settle: (v) => (state.inFlight--, d.resolve(v)) });
    return d.promise;
  };
  return { fn, pending, state };
}

/** Waits until `n` promises were started and `cond` holds, then a few macrotasks more, and checks that no more started. */
async function untilPending(pending: unknown[], n: number, cond: () => boolean = () => true): Promise<void> {
  await until(() => pending.length >= n && cond(), `${n} promises were started`);
  for (let i = 0; i < 5; i++) await macrotask();
  expect(pending.length).toBe(n);
}

describe('stages/mapAsync', () => {
  it('emits nothing for an empty input', async () => {
    expect(
      await testStream(
        mapAsync(async (x: number) => x),
        { in: [] },
      ),
    ).toEqual({ out: [] });
  });

  it('emits the result of one item', async () => {
    expect(
      await testStream(
        mapAsync(async (x: number) => x + 1),
        { in: [1] },
      ),
    ).toEqual({ out: [2] });
  });

  it('emits many results in input order, whatever order they settle in', async () => {
    const stage = mapAsync(
      async (x: number, i: number) => {
        for (let k = 0; k < (7 - x) % 4; k++) await macrotask();
        return `${i}:${x * 10}`;
      },
      { concurrency: 3 },
    );
    expect(await testStream(stage, { in: [1, 2, 3, 4, 5, 6, 7] }, { capacity: 2 })).toEqual({
      out: ['0:10', '1:20', '2:30', '3:40', '4:50', '5:60', '6:70'],
    });
  });

  it('accepts plain values from fn', async () => {
    expect(
      await testStream(
        mapAsync((x: number) => (x % 2 ? x : Promise.resolve(-x)), { concurrency: 2 }),
        { in: [1, 2, 3, 4] },
      ),
    ).toEqual({
      out: [1, -2, 3, -4],
    });
  });

  it('keeps exactly `concurrency` promises in flight, holds early results in order, and starts no more until they leave', async () => {
    const { fn, pending, state } = controlled();
    const wf = new Workflow({ capacity: 8, strict: true });
    const sink = collect<string>();
    wf.addStream(fromIterable([0, 1, 2, 3, 4, 5]))
      .pipe(wf.addStream(mapAsync(fn, { concurrency: 3 })))
      .pipe(wf.addStream(sink));
    const run = wf.run();
    await untilPending(pending, 3);
    expect(state.inFlight).toBe(3);
    // 2 and 1 settle first: they wait in the window behind 0, and no fourth item starts.
    pending[2].settle('c');
    pending[1].settle('b');
    await untilPending(pending, 3);
    expect(sink.items).toEqual([]);
    pending[0].settle('a');
    await untilPending(pending, 6, () => sink.items.length === 3);
    expect(sink.items).toEqual(['a', 'b', 'c']);
    expect(state.inFlight).toBe(3);
    pending[5].settle('f');
    pending[3].settle('d');
    pending[4].settle('e');
    await run;
    expect(sink.items).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
    expect(state.peak).toBe(3);
  });

  it('with ordered: false emits each result as it settles, still with at most `concurrency` in the stage', async () => {
    const { fn, pending, state } = controlled();
    const wf = new Workflow({ capacity: 8, strict: true });
    const sink = collect<string>();
    wf.addStream(fromIterable([0, 1, 2, 3]))
      .pipe(wf.addStream(mapAsync(fn, { concurrency: 2, ordered: false })))
      .pipe(wf.addStream(sink));
    const run = wf.run();
    await untilPending(pending, 2);
    pending[1].settle('b');
    await untilPending(pending, 3, () => sink.items.length === 1);
    expect(sink.items).toEqual(['b']);
    pending[2].settle('c');
    await untilPending(pending, 4, () => sink.items.length === 2);
    expect(sink.items).toEqual(['b', 'c']);
    pending[3].settle('d');
    pending[0].settle('a');
    await run;
    expect(sink.items).toEqual(['b', 'c', 'd', 'a']);
    expect(state.peak).toBe(2);
  });

  it('finishes when downstream finishes early, and its endless upstream stops', async () => {
    const r = await earlyFinish(
      mapAsync(async (x: number) => x * 3, { concurrency: 4 }),
      5,
    );
    expect(r.out).toEqual([0, 3, 6, 9, 12]);
    expect(r.stage.state).toBe('finished');
    expect(r.sourceFinished).toBe(true);
  });

  it('lets an upstream error fail the workflow', async () => {
    await expectUpstreamError(mapAsync(async (x: number) => x, { concurrency: 2 }));
  });

  it('fails naming the stage when fn throws or its promise rejects', async () => {
    const thrower = mapAsync((x: number) => {
      if (x === 2) throw new Error('sync no');
      return x;
    });
    await expectAsync(testStream(thrower, { in: [1, 2] })).toBeRejectedWithError(/stream "mapAsync" failed: sync no/);
    const rejecter = mapAsync(
      async (x: number) => {
        await macrotask();
        if (x === 3) throw new Error('async no');
        return x;
      },
      { concurrency: 2, name: 'lookup' },
    );
    await expectAsync(testStream(rejecter, { in: [1, 2, 3, 4] })).toBeRejectedWithError(
      /stream "lookup" failed: async no/,
    );
  });

  it('rejects bad arguments, naming the stage and argument', () => {
    const wiring = (re: RegExp) => (e: unknown) => e instanceof WiringError && re.test(e.message);
    expect(() => mapAsync(null as never)).toThrowMatching(wiring(/^mapAsync\(fn\): fn must be a function/));
    expect(() => mapAsync(async () => 1, { concurrency: 1.5 })).toThrowMatching(wiring(/^mapAsync\(concurrency\)/));
    expect(() => mapAsync(async () => 1, { ordered: 'yes' as never })).toThrowMatching(
      wiring(/^mapAsync\(\{ ordered \}\): ordered must be true or false/),
    );
  });

  for (const ordered of [true, false]) {
    it(
      `never holds more than the capacities plus \`concurrency\` items (ordered: ${ordered}) between a fast source and a slow sink`,
      async () => {
        let started = 0;
        let inFlight = 0;
        let peakInFlight = 0;
        // Items in the stage: started but not yet pushed to its output (in flight or in the reorder window).
        let peakLoad = 0;
        const stage = mapAsync(
          async (x: number) => {
            started++;
            const out = (stage.context as unknown as Step).outputs[0].conns[0];
            peakLoad = Math.max(peakLoad, started - out.received);
            peakInFlight = Math.max(peakInFlight, ++inFlight);
            if (x % 3 === 0) await macrotask();
            else await null;
            inFlight--;
            return x;
          },
          { concurrency: 8, ordered },
        );
        const { wf, received } = await boundedRun(stage, { capacity: 16 });
        expect(started).toBe(100_000);
        expect(peakInFlight).toBe(8);
        expect(peakLoad).toBe(8);
        expect(received.out.length).toBe(100_000);
        if (ordered) expect(received.out.slice(0, 5)).toEqual([0, 1, 2, 3, 4]);
        expect((received.out as number[]).slice().sort((a, b) => a - b)[99_999]).toBe(99_999);
        // Exact, deterministic fills: in order, results come out in bursts that the sink drains
        // between its slow items, so its input never fills; out of order they fill it.
        expect(peaks(wf)).toEqual(['mapAsync.in 16', `sink out.in ${ordered ? 11 : 16}`]);
      },
      BOUNDED_TIMEOUT,
    );
  }
});

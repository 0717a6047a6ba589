import { AbortError, Workflow, collect, fromIterable, map, recover, WiringError } from '../../src/index';
import { Subject, delay, of } from 'rxjs';
import { testStream } from '../../src/testing';
import { BOUNDED_TIMEOUT, boundedRun, earlyFinish, expectUpstreamError, peaks } from './support';

describe('stages/map', () => {
  const double = () => map((x: number) => x * 2);

  it('emits nothing for an empty input', async () => {
    expect(await testStream(double(), { in: [] })).toEqual({ out: [] });
  });

  it('maps one item', async () => {
    expect(await testStream(double(), { in: [21] })).toEqual({ out: [42] });
  });

  it('maps many items in order, with their index', async () => {
    const stage = map((x: string, i: number) => `${i}:${x}`);
    expect(await testStream(stage, { in: ['a', 'b', 'c', 'd', 'e'] }, { capacity: 2 })).toEqual({
      out: ['0:a', '1:b', '2:c', '3:d', '4:e'],
    });
  });

  it('finishes when downstream finishes early, and its endless upstream stops', async () => {
    const r = await earlyFinish(double(), 3);
    expect(r.out).toEqual([0, 2, 4]);
    expect(r.stage.state).toBe('finished');
    expect(r.sourceFinished).toBe(true);
    expect(r.pulled).toBeLessThanOrEqual(3 + 4 + 4);
  });

  it('lets an upstream error fail the workflow', async () => {
    await expectUpstreamError(double());
  });

  it('fails naming the stage when fn throws', async () => {
    const stage = map((x: number) => {
      if (x === 2) throw new Error('no twos');
      return x;
    });
    await expectAsync(testStream(stage, { in: [1, 2, 3] })).toBeRejectedWithError(/stream "map" failed: no twos/);
  });

  it('sends on the items before a throw, and none after, when it maps many at once', async () => {
    // The source fills map's input (capacity 8) before map runs: the throw comes mid-batch.
    const wf = new Workflow({ capacity: 8 });
    const calls: number[] = [];
    const sink = collect<number>();
    wf.addStream(fromIterable([1, 2, 3, 4, 5, 6]))
      .pipe(
        wf.addStream(
          map((x: number) => {
            calls.push(x);
            if (x === 4) throw new Error('no fours');
            return x * 10;
          }),
        ),
      )
      .pipe(wf.addStream(recover<number>((err) => (err instanceof Error ? -1 : -2))))
      .pipe(wf.addStream(sink));
    await wf.run();
    expect(sink.items).toEqual([10, 20, 30, -1]);
    expect(calls).toEqual([1, 2, 3, 4]);
  });

  it('calls fn for nothing after a call that aborts the run, though more items wait', async () => {
    const wf = new Workflow({ capacity: 8 });
    const controller = new AbortController();
    const calls: number[] = [];
    wf.addStream(fromIterable([1, 2, 3, 4, 5]))
      .pipe(
        wf.addStream(
          map((x: number) => {
            calls.push(x);
            if (x === 2) controller.abort(new Error('enough'));
            return x;
          }),
        ),
      )
      .pipe(wf.addStream(collect<number>()));
    await expectAsync(wf.run({ signal: controller.signal })).toBeRejectedWithError(
      AbortError,
      'run(): aborted: enough',
    );
    expect(calls).toEqual([1, 2]);
  });

  it('keeps push order with another producer of its output that fn makes push (a Subject behind a source)', async () => {
    const wf = new Workflow({ capacity: 8 });
    const side = new Subject<number>();
    const sink = collect<number>();
    const into = wf.addStream(sink);
    wf.addSource(side, { name: 'side', overflow: 'unbounded' }).pipe(into);
    // After a macrotask, when every source has subscribed: the Subject has a subscriber when fn runs.
    wf.addSource(of(1, 2, 3).pipe(delay(0)), { name: 'late' })
      .pipe(
        wf.addStream(
          map((x: number) => {
            side.next(x * 100);
            if (x === 3) side.complete();
            return x;
          }),
        ),
      )
      .pipe(into);
    await wf.run();
    expect(sink.items).toEqual([100, 1, 200, 2, 300, 3]);
  });

  it('rejects a non-function, naming the stage and argument', () => {
    expect(() => map(42 as never)).toThrowMatching(
      (e) => e instanceof WiringError && /^map\(fn\): fn must be a function/.test(e.message),
    );
  });

  it(
    'never buffers more than the capacity between a fast source and a slow sink',
    async () => {
      const { wf, received } = await boundedRun(double(), { capacity: 16 });
      expect(received.out.length).toBe(100_000);
      expect(received.out[99_999]).toBe(199_998);
      expect(peaks(wf)).toEqual(['map.in 16', 'sink out.in 16']);
    },
    BOUNDED_TIMEOUT,
  );
});

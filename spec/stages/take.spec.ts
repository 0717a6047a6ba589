import { Workflow, collect, fromIterable, map, take, WiringError } from '../../src/index';
import { testStream } from '../../src/testing';
import { BOUNDED_TIMEOUT, boundedRun, counting, expectUpstreamError, failing, peaks } from './support';

describe('stages/take', () => {
  it('emits nothing for an empty input', async () => {
    expect(await testStream(take<number>(3), { in: [] })).toEqual({ out: [] });
  });

  it('emits one item', async () => {
    expect(await testStream(take<number>(1), { in: [5, 6, 7] })).toEqual({ out: [5] });
  });

  it('emits the first n of many, or all when there are fewer', async () => {
    expect(await testStream(take<number>(3), { in: [1, 2, 3, 4, 5] }, { capacity: 1 })).toEqual({ out: [1, 2, 3] });
    expect(await testStream(take<number>(9), { in: [1, 2] })).toEqual({ out: [1, 2] });
  });

  it('take(0) emits nothing and finishes at its first run', async () => {
    expect(await testStream(take<number>(0), { in: [1, 2] })).toEqual({ out: [] });
  });

  it('finishes after n and cancels its input, so an endless upstream chain stops and finishes', async () => {
    const wf = new Workflow({ capacity: 4, strict: true });
    const source = counting();
    const sink = collect<number>();
    const src = wf.addStream(fromIterable(source.iterable, { name: 'naturals' }));
    const plus = wf.addStream(map((x: number) => x + 100));
    const first = wf.addStream(take<number>(5));
    src.pipe(plus).pipe(first).pipe(wf.addStream(sink));
    await wf.run();
    expect(sink.items).toEqual([100, 101, 102, 103, 104]);
    expect([src.state, plus.state, first.state]).toEqual(['finished', 'finished', 'finished']);
    expect(source.finished()).toBe(true);
    // What was pulled is bounded by n plus the two connections in between.
    expect(source.pulled()).toBeLessThanOrEqual(5 + 4 + 4);
  });

  it('lets an upstream error before n fail the workflow', async () => {
    await expectUpstreamError(take<number>(5));
  });

  it('is not failed by an upstream that would fail after n items, once it has cancelled it', async () => {
    const wf = new Workflow({ capacity: 1 });
    const sink = collect<number>();
    wf.addStream(fromIterable(failing([1, 2, 3, 4, 5, 6]), { name: 'source' }))
      .pipe(wf.addStream(take<number>(2)))
      .pipe(wf.addStream(sink));
    await wf.run();
    expect(sink.items).toEqual([1, 2]);
  });

  it('rejects a bad n', () => {
    expect(() => take(-1)).toThrowMatching(
      (e) => e instanceof WiringError && /^take\(n\): n must be a whole number, at least 0; got -1/.test(e.message),
    );
  });

  it(
    'never buffers more than the capacity between a fast source and a slow sink',
    async () => {
      const { wf, received } = await boundedRun(take<number>(60_000), { capacity: 16 });
      expect(received.out.length).toBe(60_000);
      expect(received.out[59_999]).toBe(59_999);
      expect(peaks(wf)).toEqual(['sink out.in 16', 'take.in 16']);
    },
    BOUNDED_TIMEOUT,
  );
});

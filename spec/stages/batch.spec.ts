import { batch, WiringError } from '../../src/index';
import { testStream } from '../../src/testing';
import { BOUNDED_TIMEOUT, boundedRun, earlyFinish, expectUpstreamError, peaks } from './support';

describe('stages/batch', () => {
  it('emits nothing for an empty input', async () => {
    expect(await testStream(batch<number>(3), { in: [] })).toEqual({ out: [] });
  });

  it('flushes one item as a partial batch on close', async () => {
    expect(await testStream(batch<number>(3), { in: [1] })).toEqual({ out: [[1]] });
  });

  it('groups many items, the last batch partial', async () => {
    expect(await testStream(batch<number>(2), { in: [1, 2, 3, 4, 5] }, { capacity: 1 })).toEqual({
      out: [[1, 2], [3, 4], [5]],
    });
    expect(await testStream(batch<number>(2), { in: [1, 2, 3, 4] }, { capacity: 1 })).toEqual({
      out: [
        [1, 2],
        [3, 4],
      ],
    });
  });

  it('finishes when downstream finishes early, and its endless upstream stops', async () => {
    const r = await earlyFinish(batch<number>(3), 2);
    expect(r.out).toEqual([
      [0, 1, 2],
      [3, 4, 5],
    ]);
    expect(r.sourceFinished).toBe(true);
  });

  it('lets an upstream error fail the workflow', async () => {
    await expectUpstreamError(batch<number>(2));
  });

  it('rejects a bad size', () => {
    expect(() => batch(0)).toThrowMatching(
      (e) =>
        e instanceof WiringError && /^batch\(size\): size must be a whole number, at least 1; got 0/.test(e.message),
    );
  });

  it(
    'never buffers more than the capacity between a fast source and a slow sink',
    async () => {
      const { wf, received } = await boundedRun(batch<number>(7), { capacity: 16 });
      expect(received.out.length).toBe(Math.ceil(100_000 / 7));
      expect(received.out[received.out.length - 1]).toEqual([99_995, 99_996, 99_997, 99_998, 99_999]);
      expect(peaks(wf)).toEqual(['batch.in 16', 'sink out.in 16']);
    },
    BOUNDED_TIMEOUT,
  );
});

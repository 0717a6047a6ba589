import { filter, WiringError } from '../../src/index';
import { testStream } from '../../src/testing';
import { BOUNDED_TIMEOUT, boundedRun, earlyFinish, expectUpstreamError, peaks } from './support';

describe('stages/filter', () => {
  const even = () => filter((x: number) => x % 2 === 0);

  it('emits nothing for an empty input', async () => {
    expect(await testStream(even(), { in: [] })).toEqual({ out: [] });
  });

  it('keeps or drops one item', async () => {
    expect(await testStream(even(), { in: [2] })).toEqual({ out: [2] });
    expect(await testStream(even(), { in: [3] })).toEqual({ out: [] });
  });

  it('keeps the passing items of many, in order, with their index', async () => {
    const stage = filter((_x: string, i: number) => i !== 1);
    expect(await testStream(stage, { in: ['a', 'b', 'c', 'd'] }, { capacity: 1 })).toEqual({ out: ['a', 'c', 'd'] });
  });

  it('narrows with a type guard', async () => {
    const stage = filter((x: string | number): x is number => typeof x === 'number');
    const out: { out: number[] } = await testStream(stage, { in: ['a', 1, 'b', 2] });
    expect(out).toEqual({ out: [1, 2] });
  });

  it('finishes when downstream finishes early, and its endless upstream stops', async () => {
    const r = await earlyFinish(even(), 3);
    expect(r.out).toEqual([0, 2, 4]);
    expect(r.stage.state).toBe('finished');
    expect(r.sourceFinished).toBe(true);
  });

  it('lets an upstream error fail the workflow', async () => {
    await expectUpstreamError(even());
  });

  it('fails naming the stage when pred throws', async () => {
    const stage = filter(() => {
      throw new Error('bad pred');
    });
    await expectAsync(testStream(stage, { in: [1] })).toBeRejectedWithError(/stream "filter" failed: bad pred/);
  });

  it('rejects a non-function pred', () => {
    expect(() => filter(null as never)).toThrowMatching(
      (e) => e instanceof WiringError && /^filter\(pred\): pred must be a function/.test(e.message),
    );
  });

  it(
    'never buffers more than the capacity between a fast source and a slow sink',
    async () => {
      const { wf, received } = await boundedRun(even(), { capacity: 8 });
      expect(received.out.length).toBe(50_000);
      expect(received.out[49_999]).toBe(99_998);
      expect(peaks(wf)).toEqual(['filter.in 8', 'sink out.in 8']);
    },
    BOUNDED_TIMEOUT,
  );
});

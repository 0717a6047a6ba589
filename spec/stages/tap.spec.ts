import { tap, WiringError } from '../../src/index';
import { testStream } from '../../src/testing';
import { BOUNDED_TIMEOUT, boundedRun, earlyFinish, expectUpstreamError, peaks } from './support';

describe('stages/tap', () => {
  it('emits nothing and calls nothing for an empty input', async () => {
    const seen: number[] = [];
    expect(
      await testStream(
        tap((x: number) => seen.push(x)),
        { in: [] },
      ),
    ).toEqual({ out: [] });
    expect(seen).toEqual([]);
  });

  it('passes one item through after calling fn', async () => {
    const seen: number[] = [];
    expect(
      await testStream(
        tap((x: number) => seen.push(x)),
        { in: [7] },
      ),
    ).toEqual({ out: [7] });
    expect(seen).toEqual([7]);
  });

  it('passes many items through unchanged, calling fn with each and its index', async () => {
    const seen: string[] = [];
    const out = await testStream(
      tap((x: string, i: number) => seen.push(`${i}${x}`)),
      { in: ['a', 'b', 'c'] },
      { capacity: 1 },
    );
    expect(out).toEqual({ out: ['a', 'b', 'c'] });
    expect(seen).toEqual(['0a', '1b', '2c']);
  });

  it('finishes when downstream finishes early, and its endless upstream stops', async () => {
    const seen: number[] = [];
    const r = await earlyFinish(
      tap((x: number) => seen.push(x)),
      2,
      2,
    );
    expect(r.out).toEqual([0, 1]);
    expect(r.sourceFinished).toBe(true);
    expect(seen.length).toBeLessThanOrEqual(2 + 2 + 2);
  });

  it('lets an upstream error fail the workflow', async () => {
    await expectUpstreamError(tap(() => undefined));
  });

  it('fails naming the stage when fn throws', async () => {
    const stage = tap(() => {
      throw new Error('bad tap');
    });
    await expectAsync(testStream(stage, { in: [1] })).toBeRejectedWithError(/stream "tap" failed: bad tap/);
  });

  it('rejects a non-function fn', () => {
    expect(() => tap(undefined as never)).toThrowMatching(
      (e) => e instanceof WiringError && /^tap\(fn\)/.test(e.message),
    );
  });

  it(
    'never buffers more than the capacity between a fast source and a slow sink',
    async () => {
      let count = 0;
      const { wf, received } = await boundedRun(
        tap(() => count++),
        { capacity: 16 },
      );
      expect(count).toBe(100_000);
      expect(received.out.length).toBe(100_000);
      expect(peaks(wf)).toEqual(['sink out.in 16', 'tap.in 16']);
    },
    BOUNDED_TIMEOUT,
  );
});

import { from, bufferCount, lastValueFrom, toArray } from 'rxjs';
import fc from 'fast-check';
import { Workflow, batch, collect, map, range, WiringError } from '../../src/index';
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

  describe('with startEvery, as RxJS bufferCount(size, startEvery)', () => {
    const seven = [1, 2, 3, 4, 5, 6, 7];

    it('overlaps batches when startEvery is smaller, and emits every open batch on close, oldest first', async () => {
      expect(await testStream(batch<number>(3, 1), { in: seven }, { capacity: 1 })).toEqual({
        out: [[1, 2, 3], [2, 3, 4], [3, 4, 5], [4, 5, 6], [5, 6, 7], [6, 7], [7]],
      });
      expect(await testStream(batch<number>(3, 2), { in: seven }, { capacity: 1 })).toEqual({
        out: [[1, 2, 3], [3, 4, 5], [5, 6, 7], [7]],
      });
    });

    it('skips the items between batches when startEvery is larger', async () => {
      expect(await testStream(batch<number>(2, 3), { in: seven }, { capacity: 1 })).toEqual({
        out: [[1, 2], [4, 5], [7]],
      });
      expect(await testStream(batch<number>(2, 3), { in: [1, 2, 3, 4, 5, 6] })).toEqual({
        out: [
          [1, 2],
          [4, 5],
        ],
      });
    });

    it('is batch(size) when startEvery equals size, or is null or undefined', async () => {
      for (const stage of [batch<number>(2, 2), batch<number>(2, null), batch<number>(2, undefined)]) {
        expect(await testStream(stage, { in: [1, 2, 3] })).toEqual({ out: [[1, 2], [3]] });
      }
    });

    it('takes options in second place too', () => {
      expect(batch(2, { name: 'pairs' }).name).toBe('pairs');
      expect(batch(2, 1, { name: 'windows' }).name).toBe('windows');
    });

    it('emits nothing for an empty input', async () => {
      expect(await testStream(batch<number>(3, 1), { in: [] })).toEqual({ out: [] });
    });

    it('flushes the batches still open when the last item fills one while the output is full', async () => {
      const wf = new Workflow({ strict: true });
      const sink = collect<number[]>();
      wf.addStream(range(1, 3))
        .pipe(wf.addStream(batch<number>(2, 1)), { capacity: 8 })
        .pipe(wf.addStream(sink), { capacity: 1 });
      await wf.run();
      expect(sink.items).toEqual([[1, 2], [2, 3], [3]]);
    });

    it('gives what RxJS bufferCount gives, for any items, size and startEvery', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.integer(), { maxLength: 30 }),
          fc.integer({ min: 1, max: 6 }),
          fc.integer({ min: 1, max: 8 }),
          fc.integer({ min: 1, max: 8 }),
          fc.integer({ min: 1, max: 4 }),
          async (items, size, every, before, after) => {
            const expected = await lastValueFrom(from(items).pipe(bufferCount(size, every), toArray()));
            // range closes its output in the run that pushes its last item; fromIterable one run later.
            const wf = new Workflow({ strict: true });
            const sink = collect<number[]>();
            wf.addStream(range(0, items.length))
              .pipe(wf.addStream(map((i: number) => items[i])), { capacity: before })
              .pipe(wf.addStream(batch<number>(size, every)), { capacity: before })
              .pipe(wf.addStream(sink), { capacity: after });
            await wf.run();
            expect(sink.items).toEqual(expected);
            expect((await testStream(batch<number>(size, every), { in: items }, { capacity: after })).out).toEqual(
              expected,
            );
          },
        ),
        { numRuns: 300 },
      );
    });

    it('finishes when downstream finishes early, and its endless upstream stops', async () => {
      const r = await earlyFinish(batch<number>(3, 1), 2);
      expect(r.out).toEqual([
        [0, 1, 2],
        [1, 2, 3],
      ]);
      expect(r.sourceFinished).toBe(true);
    });

    it('rejects a bad startEvery', () => {
      expect(() => batch(2, 0)).toThrowMatching(
        (e) =>
          e instanceof WiringError &&
          e.message === 'batch(startEvery): startEvery must be a whole number, at least 1; got 0.',
      );
    });

    it(
      'never buffers more than the capacity between a fast source and a slow sink, overlapping',
      async () => {
        const { wf, received } = await boundedRun(batch<number>(4, 2), { capacity: 16 });
        expect(received.out.length).toBe(50_000);
        expect(received.out[49_998]).toEqual([99_996, 99_997, 99_998, 99_999]);
        expect(received.out[49_999]).toEqual([99_998, 99_999]);
        expect(peaks(wf)).toEqual(['batch.in 16', 'sink out.in 16']);
      },
      BOUNDED_TIMEOUT,
    );
  });
});

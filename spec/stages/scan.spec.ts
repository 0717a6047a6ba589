import { scan, WiringError, type Stream } from '../../src/index';
import { testStream } from '../../src/testing';
import { BOUNDED_TIMEOUT, boundedRun, earlyFinish, expectUpstreamError, peaks } from './support';

describe('stages/scan', () => {
  const sum = () => scan((acc: number, x: number) => acc + x, 0);

  it('emits nothing for an empty input', async () => {
    expect(await testStream(sum(), { in: [] })).toEqual({ out: [] });
  });

  it('emits the first accumulator for one item', async () => {
    expect(await testStream(sum(), { in: [5] })).toEqual({ out: [5] });
  });

  it('emits every accumulator for many items, with their index', async () => {
    const stage = scan((acc: string, x: string, i: number) => `${acc}${x}${i}`, '>');
    expect(await testStream(stage, { in: ['a', 'b', 'c'] }, { capacity: 1 })).toEqual({
      out: ['>a0', '>a0b1', '>a0b1c2'],
    });
  });

  it('finishes when downstream finishes early, and its endless upstream stops', async () => {
    const r = await earlyFinish(sum(), 4);
    expect(r.out).toEqual([0, 1, 3, 6]);
    expect(r.sourceFinished).toBe(true);
  });

  it('lets an upstream error fail the workflow', async () => {
    await expectUpstreamError(sum());
  });

  it('fails naming the stage when fn throws', async () => {
    const stage = scan((): number => {
      throw new Error('bad fold');
    }, 0);
    await expectAsync(testStream(stage, { in: [1] })).toBeRejectedWithError(/stream "scan" failed: bad fold/);
  });

  it('rejects a non-function fn', () => {
    expect(() => scan('x' as never, 0)).toThrowMatching(
      (e) => e instanceof WiringError && /^scan\(fn\)/.test(e.message),
    );
  });

  it(
    'never buffers more than the capacity between a fast source and a slow sink',
    async () => {
      const { wf, received } = await boundedRun(sum(), { capacity: 16 });
      expect(received.out.length).toBe(100_000);
      expect(received.out[99_999]).toBe((99_999 * 100_000) / 2);
      expect(peaks(wf)).toEqual(['scan.in 16', 'sink out.in 16']);
    },
    BOUNDED_TIMEOUT,
  );

  describe('without a seed, as RxJS', () => {
    const sumUnseeded = () => scan((acc: number, x: number) => acc + x);

    it('emits nothing for an empty input', async () => {
      expect(await testStream(sumUnseeded(), { in: [] })).toEqual({ out: [] });
    });

    it('emits the one item as it is, without calling fn', async () => {
      let calls = 0;
      const stage = scan((acc: number, x: number) => {
        calls++;
        return acc + x;
      });
      expect(await testStream(stage, { in: [5] })).toEqual({ out: [5] });
      expect(calls).toBe(0);
    });

    it('takes the first item as the seed and folds the rest, fn seeing indexes from 1', async () => {
      const stage = scan((acc: string, x: string, i: number) => `${acc}${x}${i}`);
      expect(await testStream(stage, { in: ['a', 'b', 'c'] }, { capacity: 1 })).toEqual({
        out: ['a', 'ab1', 'ab1c2'],
      });
      expect(await testStream(sumUnseeded(), { in: [1, 2, 3, 4] }, { capacity: 1 })).toEqual({ out: [1, 3, 6, 10] });
    });

    it('types the accumulator as the item, and asks for a seed when they differ', () => {
      const typed: Stream<{ in: number }, { out: number }> = sumUnseeded();
      expect(typed.name).toBe('scan');
      // @ts-expect-error: without a seed the accumulator is an item, so a string accumulator of numbers needs one.
      const untyped = () => scan((acc: string, x: number) => acc + x);
      expect(untyped).toEqual(jasmine.any(Function));
    });

    it('takes an explicit undefined as a seed, as RxJS does', async () => {
      const stage = scan((acc: number | undefined, x: number) => (acc ?? 100) + x, undefined);
      expect(await testStream(stage, { in: [1, 2] })).toEqual({ out: [101, 103] });
    });

    it('finishes when downstream finishes early, and its endless upstream stops', async () => {
      const r = await earlyFinish(sumUnseeded(), 4);
      expect(r.out).toEqual([0, 1, 3, 6]);
      expect(r.sourceFinished).toBe(true);
    });

    it('fails naming the stage when fn throws on the second item', async () => {
      const stage = () =>
        scan((): number => {
          throw new Error('bad fold');
        });
      expect(await testStream(stage(), { in: [1] })).toEqual({ out: [1] });
      await expectAsync(testStream(stage(), { in: [1, 2] })).toBeRejectedWithError(/stream "scan" failed: bad fold/);
    });
  });
});

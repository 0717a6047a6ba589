import { from, of, throwError } from 'rxjs';
import { Workflow, collect, flatMap, fromIterable } from '../../src/index';
import { testStream } from '../../src/testing';
import { counting, macrotask } from './support';
import { matrix, noTwos } from './matrix';

async function* later<T>(items: readonly T[]): AsyncGenerator<T> {
  for (const item of items) {
    await macrotask();
    yield item;
  }
}

describe('stages/flatMap', () => {
  matrix({
    name: 'flatMap',
    make: () => flatMap((x: number) => [x, x * 10]),
    empty: [],
    one: [[1], [1, 10]],
    many: [
      [1, 2, 3],
      [1, 10, 2, 20, 3, 30],
    ],
    early: { n: 3, out: [0, 0, 1] },
    throws: () => flatMap(noTwos((x: number) => [x])),
    bad: [
      [() => flatMap(1 as never), /^flatMap\(fn\): fn must be a function/],
      [() => flatMap(() => [], { concurrency: 0 }), /^flatMap\(concurrency\): concurrency must be a whole number/],
      [() => flatMap(() => [], { size: 0 }), /^flatMap\(size\): size must be a whole number/],
      [() => flatMap(() => [], { overflow: 'drop' as never }), /^flatMap\(overflow\): overflow must be one of/],
    ],
    bounded: {
      n: 20_000,
      check: (out) => {
        expect(out.length).toBe(40_000);
        expect(out.slice(0, 4)).toEqual([0, 0, 1, 10]);
      },
      peaks: ['flatMap.in 16', 'sink out.in 16'],
    },
  });

  it('pulls an inner iterable only while the output has room: an endless inner is fine', async () => {
    const wf = new Workflow({ capacity: 4, strict: true });
    const inner = counting();
    const sink = collect<number>();
    const { take } = await import('../../src/index');
    wf.addStream(fromIterable([1]))
      .pipe(wf.addStream(flatMap(() => inner.iterable)))
      .pipe(wf.addStream(take<number>(10)))
      .pipe(wf.addStream(sink));
    await wf.run();
    expect(sink.items).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(inner.pulled()).toBeLessThanOrEqual(10 + 4 + 1);
    expect(inner.finished()).toBe(true);
  });

  it('runs async iterables one after another in order, or merged up to concurrency', async () => {
    const make = (concurrency: number) => flatMap((x: number) => later([x, x * 10]), { concurrency });
    expect((await testStream(make(1), { in: [1, 2, 3] }, { capacity: 1 })).out).toEqual([1, 10, 2, 20, 3, 30]);
    const merged = (await testStream(make(3), { in: [1, 2, 3] }, { capacity: 1 })).out as number[];
    expect([...merged].sort((a, b) => a - b)).toEqual([1, 2, 3, 10, 20, 30]);
    // Each inner keeps its own order.
    for (const x of [1, 2, 3]) expect(merged.indexOf(x)).toBeLessThan(merged.indexOf(x * 10));
  });

  it('takes Observables and Promises', async () => {
    expect(
      (
        await testStream(
          flatMap((x: number) => of(x, -x)),
          { in: [1, 2] },
        )
      ).out,
    ).toEqual([1, -1, 2, -2]);
    expect(
      (
        await testStream(
          flatMap((x: number) => Promise.resolve(x * 3)),
          { in: [1, 2] },
        )
      ).out,
    ).toEqual([3, 6]);
    expect(
      (
        await testStream(
          flatMap((x: number) => from([x])),
          { in: [4] },
        )
      ).out,
    ).toEqual([4]);
  });

  it('fails naming the stage when an inner source fails, or fn returns no source', async () => {
    await expectAsync(
      testStream(
        flatMap(() => throwError(() => new Error('inner broke'))),
        { in: [1] },
      ),
    ).toBeRejectedWithError(/stream "flatMap" failed: inner broke/);
    await expectAsync(
      testStream(
        flatMap(() =>
          later([1])
            .next()
            .then(() => Promise.reject(new Error('async broke'))),
        ),
        { in: [1] },
      ),
    ).toBeRejectedWithError(/stream "flatMap" failed: async broke/);
    await expectAsync(
      testStream(
        flatMap(() => 42 as never),
        { in: [1] },
      ),
    ).toBeRejectedWithError(
      /stream "flatMap" failed: flatMap: fn returned 42; it must return an array or other iterable/,
    );
  });

  it('closes the open inner sources when downstream stops early', async () => {
    const closed: number[] = [];
    function* inner(x: number) {
      try {
        for (let i = 0; ; i++) yield x * 100 + i;
      } finally {
        closed.push(x);
      }
    }
    const wf = new Workflow({ capacity: 2 });
    const sink = collect<number>();
    const { take } = await import('../../src/index');
    wf.addStream(fromIterable([1, 2, 3]))
      .pipe(wf.addStream(flatMap(inner, { concurrency: 2 })))
      .pipe(wf.addStream(take<number>(5)))
      .pipe(wf.addStream(sink));
    await wf.run();
    expect(sink.items.length).toBe(5);
    expect(closed.sort()).toEqual([1, 2]);
  });
});

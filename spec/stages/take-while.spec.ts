import { Workflow, collect, fromIterable, takeWhile } from '../../src/index';
import { testStream } from '../../src/testing';
import { counting } from './support';
import { matrix, noTwos } from './matrix';

describe('stages/takeWhile', () => {
  matrix({
    name: 'takeWhile',
    make: () => takeWhile((x: number) => x < 4),
    empty: [],
    one: [[1], [1]],
    many: [
      [1, 2, 3, 4, 1, 2],
      [1, 2, 3],
    ],
    early: { n: 2, out: [0, 1] },
    throws: () => takeWhile(noTwos(() => true)),
    bad: [
      [() => takeWhile(3 as never), /^takeWhile\(pred\): pred must be a function/],
      [() => takeWhile(() => true, { inclusive: 1 as never }), /^takeWhile\(\{ inclusive \}\): inclusive must be true/],
    ],
    bounded: {
      make: () => takeWhile((x: number) => x < 1e9),
      check: (out) => expect(out.length).toBe(100_000),
      peaks: ['sink out.in 16', 'takeWhile.in 16'],
    },
  });

  it('with inclusive: true also emits the first item that fails', async () => {
    expect(
      await testStream(
        takeWhile((x: number) => x < 4, { inclusive: true }),
        { in: [1, 5, 2] },
      ),
    ).toEqual({
      out: [1, 5],
    });
  });

  it('cancels its input at the first item that fails, so that an endless source stops', async () => {
    const wf = new Workflow({ capacity: 4, strict: true });
    const source = counting();
    const sink = collect<number>();
    wf.addStream(fromIterable(source.iterable))
      .pipe(wf.addStream(takeWhile((x: number) => x < 10)))
      .pipe(wf.addStream(sink));
    await wf.run();
    expect(sink.items).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(source.finished()).toBe(true);
  });
});

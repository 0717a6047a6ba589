import { sliding } from '../../src/index';
import { testStream } from '../../src/testing';
import { matrix } from './matrix';

describe('stages/sliding', () => {
  matrix({
    name: 'sliding',
    make: () => sliding<number>(3),
    empty: [],
    // An input shorter than n gives one, shorter window.
    one: [[1], [[1]]],
    many: [
      [1, 2, 3, 4, 5],
      [
        [1, 2, 3],
        [2, 3, 4],
        [3, 4, 5],
      ],
    ],
    early: {
      n: 2,
      out: [
        [0, 1, 2],
        [1, 2, 3],
      ],
    },
    bad: [
      [() => sliding(0), /^sliding\(n\): n must be a whole number, at least 1; got 0/],
      [() => sliding(2, 0), /^sliding\(step\): step must be a whole number, at least 1; got 0/],
    ],
    bounded: {
      check: (out) => {
        expect(out.length).toBe(99_998);
        expect(out[99_997]).toEqual([99_997, 99_998, 99_999]);
      },
      peaks: ['sink out.in 16', 'sliding.in 16'],
    },
  });

  it('starts a window every step items, with a last, shorter one only for items no window had', async () => {
    const run = async (n: number, step: number, xs: number[]) =>
      (await testStream(sliding<number>(n, step), { in: xs }, { capacity: 1 })).out;
    expect(await run(3, 2, [1, 2, 3, 4, 5, 6])).toEqual([
      [1, 2, 3],
      [3, 4, 5],
      [5, 6],
    ]);
    expect(await run(3, 2, [1, 2, 3, 4, 5])).toEqual([
      [1, 2, 3],
      [3, 4, 5],
    ]);
    expect(await run(2, 3, [1, 2, 3, 4])).toEqual([[1, 2], [4]]);
    expect(await run(2, 3, [1, 2, 3])).toEqual([[1, 2]]);
    expect(await run(2, 2, [1, 2, 3, 4, 5])).toEqual([[1, 2], [3, 4], [5]]);
  });
});

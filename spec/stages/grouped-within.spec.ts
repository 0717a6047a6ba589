import { groupedWithin } from '../../src/index';
import { matrix } from './matrix';

describe('stages/groupedWithin', () => {
  matrix({
    name: 'groupedWithin',
    make: () => groupedWithin<number>(2, 1000),
    empty: [],
    one: [[5], [[5]]],
    many: [
      [1, 2, 3, 4, 5],
      [[1, 2], [3, 4], [5]],
    ],
    early: {
      n: 2,
      out: [
        [0, 1],
        [2, 3],
      ],
    },
    bad: [
      [() => groupedWithin(0, 10), /^groupedWithin\(n\): n must be a whole number, at least 1; got 0/],
      [() => groupedWithin(2, 0), /^groupedWithin\(ms\): ms must be a number of milliseconds, more than 0/],
    ],
    bounded: {
      n: 2000,
      make: () => groupedWithin<number>(7, 1000),
      check: (out) => {
        expect(out.length).toBe(Math.ceil(2000 / 7));
        expect(out.flat()).toEqual(Array.from({ length: 2000 }, (_, i) => i));
      },
      peaks: ['groupedWithin.in 16', 'sink out.in 16'],
    },
  });
});

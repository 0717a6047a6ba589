import { reduce } from '../../src/index';
import { matrix, noTwos } from './matrix';

describe('stages/reduce', () => {
  matrix({
    name: 'reduce',
    make: () => reduce((sum: number, x: number) => sum + x, 0),
    // The seed, for an empty input.
    empty: [0],
    one: [[5], [5]],
    many: [[1, 2, 3, 4], [10]],
    throws: () => reduce((sum: number, x: number) => sum + noTwos((y: number) => y)(x), 0),
    bad: [[() => reduce(0 as never, 0), /^reduce\(fn\): fn must be a function/]],
    bounded: {
      check: (out) => expect(out).toEqual([4_999_950_000]),
      peaks: ['reduce.in 16', 'sink out.in 1'],
    },
  });
});

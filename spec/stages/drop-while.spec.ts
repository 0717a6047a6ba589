import { dropWhile } from '../../src/index';
import { matrix, noTwos } from './matrix';

describe('stages/dropWhile', () => {
  matrix({
    name: 'dropWhile',
    make: () => dropWhile((x: number) => x < 3),
    empty: [],
    one: [[1], []],
    // Once an item fails the predicate, every item after is emitted, even those that would pass it.
    many: [
      [1, 2, 3, 1, 4],
      [3, 1, 4],
    ],
    early: { n: 2, out: [3, 4] },
    throws: () => dropWhile(noTwos(() => true)),
    bad: [[() => dropWhile(null as never), /^dropWhile\(pred\): pred must be a function/]],
    bounded: {
      check: (out) => {
        expect(out.length).toBe(99_997);
        expect(out[0]).toBe(3);
      },
      peaks: ['dropWhile.in 16', 'sink out.in 16'],
    },
  });
});

import { defaultIfEmpty } from '../../src/index';
import { matrix } from './matrix';

describe('stages/defaultIfEmpty', () => {
  matrix<number, number>({
    name: 'defaultIfEmpty',
    make: () => defaultIfEmpty<number, number>(-1),
    empty: [-1],
    one: [[5], [5]],
    many: [
      [1, 2, 3],
      [1, 2, 3],
    ],
    early: { n: 2, out: [0, 1] },
    bad: [[() => defaultIfEmpty(0, null as never), /^defaultIfEmpty\(…, options\): options must be a plain object/]],
    bounded: {
      check: (out) => expect(out.length).toBe(100_000),
      peaks: ['defaultIfEmpty.in 16', 'sink out.in 16'],
    },
  });
});

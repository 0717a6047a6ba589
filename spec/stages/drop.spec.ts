import { drop } from '../../src/index';
import { testStream } from '../../src/testing';
import { matrix } from './matrix';

describe('stages/drop', () => {
  matrix({
    name: 'drop',
    make: () => drop<number>(2),
    empty: [],
    one: [[7], []],
    many: [
      [1, 2, 3, 4, 5],
      [3, 4, 5],
    ],
    early: { n: 3, out: [2, 3, 4] },
    bad: [
      [() => drop(-1), /^drop\(n\): n must be a whole number, at least 0; got -1/],
      [() => drop(1, { name: '' }), /^drop\(…, \{ name \}\): name must be a non-empty string/],
    ],
    bounded: {
      check: (out) => {
        expect(out.length).toBe(99_998);
        expect(out[0]).toBe(2);
      },
      peaks: ['drop.in 16', 'sink out.in 16'],
    },
  });

  it('drop(0) passes everything', async () => {
    expect(await testStream(drop<number>(0), { in: [1, 2] })).toEqual({ out: [1, 2] });
  });
});

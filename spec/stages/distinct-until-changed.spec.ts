import { distinctUntilChanged } from '../../src/index';
import { testStream } from '../../src/testing';
import { matrix } from './matrix';

describe('stages/distinctUntilChanged', () => {
  matrix({
    name: 'distinctUntilChanged',
    make: () => distinctUntilChanged<number>(),
    empty: [],
    one: [[5], [5]],
    many: [
      [1, 1, 2, 2, 2, 1, 3, 3],
      [1, 2, 1, 3],
    ],
    early: { n: 3, out: [0, 1, 2] },
    throws: () =>
      distinctUntilChanged((_a: number, b: number) => {
        if (b === 2) throw new Error('no twos');
        return false;
      }),
    bad: [[() => distinctUntilChanged('eq' as never), /^distinctUntilChanged\(eq\): eq must be a function/]],
    bounded: {
      check: (out) => expect(out.length).toBe(100_000),
      peaks: ['distinctUntilChanged.in 16', 'sink out.in 16'],
    },
  });

  it('compares with eq', async () => {
    const byFloor = distinctUntilChanged((a: number, b: number) => Math.floor(a) === Math.floor(b));
    expect(await testStream(byFloor, { in: [1.1, 1.5, 2.2, 2.9, 1.0] })).toEqual({ out: [1.1, 2.2, 1.0] });
  });
});

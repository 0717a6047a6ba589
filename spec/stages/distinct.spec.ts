import { distinct } from '../../src/index';
import { testStream } from '../../src/testing';
import { matrix, noTwos } from './matrix';

describe('stages/distinct', () => {
  matrix({
    name: 'distinct',
    make: () => distinct<number>(),
    empty: [],
    one: [[5], [5]],
    many: [
      [1, 2, 1, 3, 2, 4],
      [1, 2, 3, 4],
    ],
    early: { n: 3, out: [0, 1, 2] },
    throws: () => distinct(noTwos((x: number) => x)),
    bad: [
      [() => distinct(5 as never), /^distinct\(keyFn\): keyFn must be a function/],
      [() => distinct(undefined, { maxKeys: 0 }), /^distinct\(maxKeys\): maxKeys must be a whole number, at least 1/],
      [
        () => distinct(undefined, { onOverflow: 'drop' as never }),
        /^distinct\(onOverflow\): onOverflow must be one of/,
      ],
    ],
    bounded: {
      n: 1000,
      check: (out) => expect(out.length).toBe(1000),
      peaks: ['distinct.in 16', 'sink out.in 16'],
    },
  });

  it('compares keys from keyFn', async () => {
    const stage = distinct((s: string) => s.toLowerCase());
    expect(await testStream(stage, { in: ['a', 'B', 'A', 'b', 'c'] })).toEqual({ out: ['a', 'B', 'c'] });
  });

  it("remembers at most maxKeys keys: one more fails, or with 'evict-oldest' forgets the oldest", async () => {
    await expectAsync(
      testStream(distinct<number>(undefined, { maxKeys: 2 }), { in: [1, 2, 1, 3] }),
    ).toBeRejectedWithError(
      /stream "distinct" failed: distinct: a new key arrived while 2 keys were remembered \(maxKeys\)/,
    );
    const evicting = distinct<number>(undefined, { maxKeys: 2, onOverflow: 'evict-oldest' });
    // 3 makes 1 the oldest to go; 1 then passes again, and makes 2 go.
    expect(await testStream(evicting, { in: [1, 2, 3, 1, 3, 2] })).toEqual({ out: [1, 2, 3, 1, 2] });
  });
});

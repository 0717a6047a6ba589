import { Stream, Workflow, batch, collect, fromIterable, groupBy, map, mapAsync, scan, take } from '../../src/index';
import { testStream } from '../../src/testing';
import { macrotask } from './support';
import { matrix, noTwos } from './matrix';

/** Running sums per key (x % 3), tagged with the key. */
const sums = () =>
  groupBy(
    (x: number) => x % 3,
    (key) => scan((acc: string, x: number) => `${key}:${Number(acc.split(':')[1] ?? 0) + x}`, ''),
  );

describe('stages/groupBy', () => {
  matrix<number, string>({
    name: 'groupBy',
    make: sums,
    empty: [],
    one: [[4], ['1:4']],
    many: [
      [1, 2, 3, 4, 5, 6, 7],
      ['1:1', '2:2', '0:3', '1:5', '2:7', '0:9', '1:12'],
    ],
    early: { n: 4, out: ['0:0', '1:1', '2:2', '0:3'] },
    throws: () =>
      groupBy(
        noTwos((x) => x),
        () => map((x: number) => x),
      ),
    bad: [
      [() => groupBy(1 as never, () => map((x) => x)), /^groupBy\(keyFn\): keyFn must be a function/],
      [() => groupBy((x) => x, 'build' as never), /^groupBy\(build\): build must be a function/],
      [
        () =>
          groupBy(
            (x) => x,
            () => map((x) => x),
            { maxGroups: 0 },
          ),
        /^groupBy\(maxGroups\)/,
      ],
      [
        () =>
          groupBy(
            (x) => x,
            () => map((x) => x),
            { onOverflow: 'x' as never },
          ),
        /^groupBy\(onOverflow\)/,
      ],
      [
        () =>
          groupBy(
            (x) => x,
            () => map((x) => x),
            { capacity: 0 },
          ),
        /^groupBy\(capacity\)/,
      ],
    ],
    bounded: {
      make: () =>
        groupBy(
          (x: number) => x % 7,
          () => batch<number>(10),
        ) as never,
      check: (out) => {
        const flat = (out as unknown as number[][]).flat().sort((a, b) => a - b);
        expect(flat.length).toBe(100_000);
        expect(flat[99_999]).toBe(99_999);
      },
      peaks: ['groupBy.in 16', 'sink out.in 16'],
    },
  });

  it("fails at a new key beyond maxGroups, naming the stage and the key (onOverflow: 'fail')", async () => {
    const stage = groupBy(
      (x: number) => x,
      () => map((x: number) => x),
      { maxGroups: 2 },
    );
    await expectAsync(testStream(stage, { in: [1, 2, 1, 3] })).toBeRejectedWithError(
      /stream "groupBy" failed: groupBy: the key 3 came while 2 groups were alive \(maxGroups\)/,
    );
  });

  it("with 'evict-idle' closes the group idle longest: its sub-pipeline flushes, and the key may open a new group", async () => {
    const stage = groupBy(
      (x: number) => x % 10,
      () => batch<number>(3),
      { maxGroups: 2, onOverflow: 'evict-idle' },
    );
    const out = (await testStream(stage, { in: [1, 2, 11, 12, 3, 21, 13] }, { capacity: 1 })).out;
    // 3 evicts 1 (idle longest): [1, 11] flushes; 21 evicts 2: [2, 12]; then 3 holds [3, 13] and 1 holds [21].
    expect(out).toEqual([[1, 11], [2, 12], [21], [3, 13]]);
  });

  it('opens a new group for a key whose sub-pipeline finished (take); items it had not read go with it', async () => {
    const run = async (capacity: number) => {
      const stage = groupBy(
        (x: string) => x[0],
        () => take<string>(1),
        { capacity },
      );
      return (await testStream(stage, { in: ['a1', 'a2', 'b1', 'a3'] }, { capacity })).out as string[];
    };
    // One item at a time per group: each a opens a group of its own once the one before finished.
    expect((await run(1)).sort()).toEqual(['a1', 'a2', 'a3', 'b1']);
    // Room for all: a2 and a3 wait in a's group, and go with it.
    expect((await run(16)).sort()).toEqual(['a1', 'b1']);
  });

  it('runs asynchronous sub-pipelines, each in order, merged', async () => {
    const stage = groupBy(
      (x: number) => x % 2,
      () =>
        mapAsync(
          async (x: number) => {
            await macrotask();
            return x * 10;
          },
          { concurrency: 2 },
        ),
    );
    const out = (await testStream(stage, { in: [1, 2, 3, 4, 5, 6] }, { capacity: 2 })).out as number[];
    expect([...out].sort((a, b) => a - b)).toEqual([10, 20, 30, 40, 50, 60]);
    expect(out.filter((x) => x % 20 !== 0)).toEqual([10, 30, 50]);
    expect(out.filter((x) => x % 20 === 0)).toEqual([20, 40, 60]);
  });

  it('holds at most capacity items at each group: a slow group holds the input back', async () => {
    let inFlight = 0;
    let peak = 0;
    const stage = groupBy(
      (x: number) => x % 2,
      () =>
        mapAsync(async (x: number) => {
          peak = Math.max(peak, ++inFlight);
          await macrotask();
          inFlight--;
          return x;
        }),
      { capacity: 2 },
    );
    const wf = new Workflow({ capacity: 2, strict: true });
    const sink = collect<number>();
    wf.addStream(fromIterable(Array.from({ length: 50 }, (_, i) => i)))
      .pipe(wf.addStream(stage))
      .pipe(wf.addStream(sink));
    await wf.run();
    expect(sink.items.length).toBe(50);
    expect(peak).toBe(2);
  });

  it('fails naming the stage when a sub-pipeline fails, and rejects a build that makes no one-in one-out stream', async () => {
    const failing = groupBy(
      (x: number) => x,
      () => map(noTwos((x: number) => x)),
    );
    await expectAsync(testStream(failing, { in: [1, 2] })).toBeRejectedWithError(/stream "groupBy" failed: no twos/);
    const wrong = groupBy(
      (x: number) => x,
      () => new Stream({ ins: ['a', 'b'], outs: ['c'] }) as never,
    );
    await expectAsync(testStream(wrong, { in: [1] })).toBeRejectedWithError(
      /groupBy: build\(1\) returned an instance of Stream; it must return a stream with one input and one output/,
    );
  });

  it("finalizes every group's stream once when the run ends early", async () => {
    const endings: string[] = [];
    const stage = groupBy(
      (x: number) => x % 3,
      (key) =>
        new Stream<{ in: number }, { out: number }>({
          name: `g${key}`,
          ins: ['in'],
          outs: ['out'],
          finalize: (_s, ending) => endings.push(`${key} ${ending.reason}`),
        }),
    );
    const wf = new Workflow({ capacity: 2 });
    const sink = collect<number>();
    wf.addStream(fromIterable(Array.from({ length: 100 }, (_, i) => i)))
      .pipe(wf.addStream(stage))
      .pipe(wf.addStream(take<number>(4)))
      .pipe(wf.addStream(sink));
    await wf.run();
    expect(sink.items).toEqual([0, 1, 2, 3]);
    expect(endings.sort()).toEqual(['0 cancelled', '1 cancelled', '2 cancelled']);
  });
});

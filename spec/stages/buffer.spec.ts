import {
  Workflow,
  buffer,
  collect,
  forEach,
  fromIterable,
  range,
  WiringError,
  type OverflowStrategy,
} from '../../src/index';
import { testStream } from '../../src/testing';
import {
  BOUNDED_TIMEOUT,
  boundedRun,
  counting,
  deferred,
  earlyFinish,
  expectUpstreamError,
  macrotask,
  peaks,
  until,
} from './support';

/**
 * Items 1…7 into buffer(2, policy), capacity 1 everywhere, with a sink that
 * stalls on its first item until the source is exhausted: the buffer meets
 * items 5, 6 and 7 while full.
 */
async function stalled(policy: OverflowStrategy): Promise<number[]> {
  const gate = deferred();
  function* source() {
    try {
      yield* [1, 2, 3, 4, 5, 6, 7];
    } finally {
      gate.resolve();
    }
  }
  return stall(source(), gate.promise, policy);
}

async function stall(source: Iterable<number>, gate: Promise<void>, policy: OverflowStrategy): Promise<number[]> {
  const got: number[] = [];
  const wf = new Workflow({ capacity: 1, strict: true });
  const sink = forEach(async (x: number) => {
    got.push(x);
    if (x === 1) await gate;
  });
  wf.addStream(fromIterable(source))
    .pipe(wf.addStream(buffer<number>(2, policy)))
    .pipe(wf.addStream(sink));
  await wf.run();
  return got;
}

describe('stages/buffer', () => {
  it('emits nothing for an empty input', async () => {
    expect(await testStream(buffer<number>(4), { in: [] })).toEqual({ out: [] });
  });

  it('emits one item', async () => {
    expect(await testStream(buffer<number>(4), { in: [1] })).toEqual({ out: [1] });
  });

  it('emits many items in order when nothing overflows', async () => {
    for (const policy of ['backpressure', 'drop-head', 'drop-tail', 'drop-new', 'drop-buffer', 'fail'] as const) {
      expect(await testStream(buffer<number>(2, policy), { in: [1, 2, 3, 4, 5] }, { capacity: 1 })).toEqual({
        out: [1, 2, 3, 4, 5],
      });
    }
  });

  it('passes every item when its input closes with more than size items waiting', async () => {
    // The ring used to be filled once per run: with more input than `size` waiting and nothing
    // more to arrive, run returned with input unread and the workflow ended in a DeadlockError.
    for (const [n, size] of [
      [17, 16],
      [1000, 10],
    ]) {
      const wf = new Workflow({ strict: true });
      const sink = collect<number>();
      wf.addStream(range(0, n))
        .pipe(wf.addStream(buffer<number>(size)))
        .pipe(wf.addStream(sink));
      await wf.run();
      expect(sink.items).toEqual([...Array(n).keys()]);
    }
  });

  it('drops nothing while its output has room, whatever the policy', async () => {
    // Ten items wait in its input at once and the output has room for all of them: the ring
    // used to take all ten first, so a drop policy dropped eight items the consumer had room for.
    for (const policy of ['drop-head', 'drop-tail', 'drop-new', 'drop-buffer', 'fail'] as const) {
      const stage = buffer<number>(2, policy);
      expect(await testStream(stage, { in: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] }, { capacity: 10 })).toEqual({
        out: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
      });
      expect((stage as unknown as { dropped: number }).dropped).toBe(0);
    }
  });

  it('applies its overflow policy when full and the consumer stalls', async () => {
    expect(await stalled('drop-head')).toEqual([1, 2, 6, 7]);
    expect(await stalled('drop-tail')).toEqual([1, 2, 3, 7]);
    expect(await stalled('drop-new')).toEqual([1, 2, 3, 4]);
    expect(await stalled('drop-buffer')).toEqual([1, 2, 7]);
  });

  it("with 'backpressure' stops pulling its source when full, and loses nothing", async () => {
    const gate = deferred();
    const source = counting(7);
    const run = stall(source.iterable, gate.promise, 'backpressure');
    await until(() => source.pulled() === 6, 'six items were pulled');
    for (let i = 0; i < 10; i++) await macrotask();
    // 0 done, 1 stalling the sink, 2 in its connection, 3 and 4 in the buffer, 5 in the buffer's input connection.
    expect(source.pulled()).toBe(6);
    expect(source.finished()).toBe(false);
    gate.resolve();
    expect(await run).toEqual([1, 2, 3, 4, 5, 6, 7].map((x) => x - 1));
  });

  it("fails naming the stage with overflow 'fail'", async () => {
    await expectAsync(stalled('fail')).toBeRejectedWithError(
      /stream "buffer" failed: buffer: an item arrived while 2 items were buffered/,
    );
  });

  it('finishes when downstream finishes early, and its endless upstream stops', async () => {
    const r = await earlyFinish(buffer<number>(8), 3);
    expect(r.out).toEqual([0, 1, 2]);
    expect(r.sourceFinished).toBe(true);
  });

  it('lets an upstream error fail the workflow', async () => {
    await expectUpstreamError(buffer<number>(2));
  });

  it('rejects a bad size or policy', () => {
    const wiring = (re: RegExp) => (e: unknown) => e instanceof WiringError && re.test(e.message);
    expect(() => buffer(0)).toThrowMatching(wiring(/^buffer\(size\)/));
    expect(() => buffer(2, 'grow' as never)).toThrowMatching(
      wiring(/^buffer\(overflow\): overflow must be one of 'backpressure'/),
    );
  });

  it(
    'holds at most its size on top of the capacities between a fast source and a slow sink',
    async () => {
      const { wf, received } = await boundedRun(buffer<number>(100), { capacity: 16 });
      expect(received.out.length).toBe(100_000);
      expect(received.out[99_999]).toBe(99_999);
      expect(peaks(wf)).toEqual(['buffer.in 16', 'sink out.in 16']);
    },
    BOUNDED_TIMEOUT,
  );

  it(
    'with a drop policy never slows the source: what is not dropped arrives, in order',
    async () => {
      const stage = buffer<number>(10, 'drop-head');
      const { wf, received } = await boundedRun(stage, { capacity: 16 });
      const out = received.out as number[];
      expect(out.every((x, i) => i === 0 || x > out[i - 1])).toBe(true);
      expect(out[out.length - 1]).toBe(99_999);
      expect(out.length + (stage as unknown as { dropped: number }).dropped).toBe(100_000);
      expect(peaks(wf)).toEqual(['buffer.in 16', 'sink out.in 16']);
    },
    BOUNDED_TIMEOUT,
  );
});

import {
  Workflow,
  collect,
  fromIterable,
  joinByKey,
  take,
  WiringError,
  type JoinByKeyOptions,
  type Stream,
} from '../../src/index';
import { testStream } from '../../src/testing';
import { BOUNDED_TIMEOUT, boundedRun, counting, failing, peaks } from './support';

interface Order {
  id: number;
  item: string;
}
interface Payment {
  id: number;
  amount: number;
}
type Ports = { orders: Order; payments: Payment };

describe('stages/joinByKey', () => {
  const join = (options?: JoinByKeyOptions) => joinByKey<Ports>((x) => x.id, ['orders', 'payments'], options);
  const o = (id: number): Order => ({ id, item: `item${id}` });
  const p = (id: number): Payment => ({ id, amount: id * 10 });

  it('types its inputs and sets from the port map', () => {
    const s: Stream<Ports, { out: Ports }> = join();
    expect(s.ins).toEqual(['orders', 'payments']);
  });

  it('emits nothing for empty inputs', async () => {
    expect(await testStream(join(), { orders: [], payments: [] })).toEqual({ out: [] });
  });

  it('emits one matched set', async () => {
    expect(await testStream(join(), { orders: [o(1)], payments: [p(1)] })).toEqual({
      out: [{ orders: o(1), payments: p(1) }],
    });
  });

  it('matches many keys arriving in any order, emitting each when its last item arrives, dropping the unmatched', async () => {
    const out = await testStream(
      join(),
      { orders: [o(1), o(2), o(3), o(4)], payments: [p(3), p(1), p(9), p(4)] },
      { capacity: 1 },
    );
    // With capacity 1 the inputs arrive interleaved: o1 p3 o2 p1 (1 matches) o3 (3 matches) p9 o4 p4 (4 matches).
    expect(out.out.map((s) => [s.orders.id, s.payments.id])).toEqual([
      [1, 1],
      [3, 3],
      [4, 4],
    ]);
  });

  it('takes input names that are members of every object, such as toString and constructor', async () => {
    // `port in set` used to find "toString" on a new set's prototype and report a repeated key.
    const stage = joinByKey<{ toString: number; constructor: number }>((x) => x, ['toString', 'constructor']);
    expect(await testStream(stage, { toString: [1, 2], constructor: [2, 1] })).toEqual({
      out: [
        { toString: 2, constructor: 2 },
        { toString: 1, constructor: 1 },
      ],
    });
  });

  it('fails naming the stage when more than maxKeys keys wait', async () => {
    const stage = join({ maxKeys: 2 });
    await expectAsync(testStream(stage, { orders: [o(1), o(2), o(3)], payments: [p(3)] })).toBeRejectedWithError(
      /stream "joinByKey" failed: joinByKey: key 2 would be the 3th key waiting for a match \(maxKeys 2\); raise maxKeys/,
    );
  });

  it("evicts the oldest waiting key with onOverflow: 'evict-oldest'", async () => {
    const stage = join({ maxKeys: 2, onOverflow: 'evict-oldest' });
    const out = await testStream(stage, { orders: [o(1), o(2), o(3)], payments: [p(3), p(2), p(1)] }, { capacity: 8 });
    // Taken in turns: o1 p3 o2 (evicts key 1) p2 (2 matches) o3 (3 matches) p1 (dropped: orders are done).
    expect(out.out.map((s) => s.orders.id)).toEqual([2, 3]);
  });

  it('fails naming the stage when a key repeats on one input before it matched', async () => {
    await expectAsync(testStream(join(), { orders: [o(1), o(1)], payments: [p(2)] })).toBeRejectedWithError(
      /stream "joinByKey" failed: joinByKey: a second item with key 1 arrived on "orders"/,
    );
  });

  it('fails naming the stage when keyFn throws', async () => {
    const stage = joinByKey(() => {
      throw new Error('no key');
    }, ['a', 'b']);
    await expectAsync(testStream(stage, { a: [1], b: [1] })).toBeRejectedWithError(/stream "joinByKey" failed: no key/);
  });

  it('finishes when downstream finishes early, and its endless upstreams stop', async () => {
    const wf = new Workflow({ capacity: 2, strict: true });
    const [a, b] = [counting(), counting()];
    const j = wf.addStream(joinByKey((x: number) => x, ['a', 'b']));
    wf.addStream(fromIterable(a.iterable)).output('out').pipe(j.input('a'));
    wf.addStream(fromIterable(b.iterable)).output('out').pipe(j.input('b'));
    const sink = collect<unknown>();
    j.pipe(wf.addStream(take(2))).pipe(wf.addStream(sink));
    await wf.run();
    expect(sink.items).toEqual([
      { a: 0, b: 0 },
      { a: 1, b: 1 },
    ]);
    expect([a.finished(), b.finished()]).toEqual([true, true]);
  });

  it('lets an upstream error fail the workflow', async () => {
    const wf = new Workflow();
    const j = wf.addStream(joinByKey((x: number) => x, ['a', 'b']));
    wf.addStream(fromIterable(failing([1]), { name: 'bad' }))
      .output('out')
      .pipe(j.input('a'));
    wf.addStream(fromIterable([1]))
      .output('out')
      .pipe(j.input('b'));
    j.pipe(wf.addStream(collect()));
    await expectAsync(wf.run()).toBeRejectedWithError(/stream "bad" failed: boom/);
  });

  it('rejects bad options', () => {
    const wiring = (re: RegExp) => (e: unknown) => e instanceof WiringError && re.test(e.message);
    expect(() => joinByKey((x) => x, ['a', 'b'], { maxKeys: 0 })).toThrowMatching(wiring(/^joinByKey\(maxKeys\)/));
    expect(() => joinByKey((x) => x, ['a', 'b'], { onOverflow: 'grow' as never })).toThrowMatching(
      wiring(/^joinByKey\(onOverflow\): onOverflow must be one of 'fail', 'evict-oldest'/),
    );
    expect(() => joinByKey((x) => x, ['a'])).toThrowMatching(wiring(/^joinByKey\(names\): expected at least 2/));
  });

  it(
    'keeps at most maxKeys waiting and the capacities full, with 100 000 keys a little out of step',
    async () => {
      // Payments come in blocks of 10 reversed: each key waits for at most 10 others.
      const payments = function* () {
        for (let i = 0; i < 100_000; i += 10) for (let k = 9; k >= 0; k--) yield i + k;
      };
      const stage = joinByKey((x: number) => x, ['orders', 'payments'], { maxKeys: 64 });
      const { wf, received } = await boundedRun(stage, { capacity: 16, sources: { payments: payments() } });
      expect(received.out.length).toBe(100_000);
      expect(peaks(wf)).toEqual(['joinByKey.orders 16', 'joinByKey.payments 16', 'sink out.in 16']);
    },
    BOUNDED_TIMEOUT,
  );
});

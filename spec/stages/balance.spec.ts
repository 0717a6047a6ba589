import { Workflow, balance, collect, fromIterable, range, take, WiringError, type Stream } from '../../src/index';
import { testStream } from '../../src/testing';
import { BOUNDED_TIMEOUT, counting, expectUpstreamError, peaks, slowSink } from './support';

describe('stages/balance', () => {
  it('types its outputs from the names or the count', () => {
    const s: Stream<{ in: number }, { w1: number; w2: number }> = balance<{ w1: number; w2: number }>(['w1', 'w2']);
    expect(s.outs).toEqual(['w1', 'w2']);
    expect(balance(3).outs).toEqual(['out0', 'out1', 'out2']);
  });

  it('emits nothing for an empty input', async () => {
    expect(await testStream(balance(2), { in: [] })).toEqual({ out0: [], out1: [] });
  });

  it('sends one item to one output', async () => {
    expect(await testStream(balance(['a', 'b']), { in: [1] })).toEqual({ a: [1], b: [] });
  });

  it('sends each of many items to exactly one output, in turns when both keep up', async () => {
    expect(await testStream(balance(['a', 'b']), { in: [1, 2, 3, 4, 5] })).toEqual({ a: [1, 3, 5], b: [2, 4] });
  });

  it('finishes when every output is cancelled, and its endless upstream stops', async () => {
    const wf = new Workflow({ capacity: 2, strict: true });
    const source = counting();
    const work = wf.addStream(balance(['a', 'b']));
    wf.addStream(fromIterable(source.iterable)).pipe(work);
    const firsts = [collect<number>(), collect<number>()];
    for (const [i, port] of (['a', 'b'] as const).entries()) {
      const t = wf.addStream(take<number>(2));
      work.output(port).pipe(t.input('in'));
      t.pipe(wf.addStream(firsts[i]));
    }
    await wf.run();
    expect([...firsts[0].items, ...firsts[1].items].sort()).toEqual([0, 1, 2, 3]);
    expect([work.state, source.finished()]).toEqual(['finished', true]);
  });

  it('lets an upstream error fail the workflow', async () => {
    await expectUpstreamError(balance(2));
  });

  it('rejects bad names', () => {
    expect(() => balance(['x', ''])).toThrowMatching(
      (e) => e instanceof WiringError && /^balance\(names\): "" is not a valid port name/.test(e.message),
    );
  });

  it(
    'gives a slow consumer less: every item once, nothing buffered beyond the capacity',
    async () => {
      const wf = new Workflow({ capacity: 8, strict: true });
      const work = wf.addStream(balance(['fast', 'slow']));
      wf.addStream(range(0, 100_000)).pipe(work);
      const fast = collect<number>({ name: 'fast sink' });
      const slow = slowSink<number>('slow sink', 5);
      work.output('fast').pipe(wf.addStream(fast).input('in'));
      work.output('slow').pipe(wf.addStream(slow.stream).input('in'));
      await wf.run();
      const all = [...fast.items, ...slow.items].sort((a, b) => a - b);
      expect(all.length).toBe(100_000);
      expect(all.every((x, i) => x === i)).toBe(true);
      expect(fast.items.length).toBeGreaterThan(slow.items.length);
      expect(peaks(wf)).toEqual(['balance.in 8', 'fast sink.in 8', 'slow sink.in 8']);
    },
    BOUNDED_TIMEOUT,
  );
});

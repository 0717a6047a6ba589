import { Workflow, collect, fromIterable, partition, range, take, WiringError, type Stream } from '../../src/index';
import { testStream } from '../../src/testing';
import { BOUNDED_TIMEOUT, counting, expectUpstreamError, peaks, slowSink } from './support';

describe('stages/partition', () => {
  const bySign = () =>
    partition<{ neg: number; zero: number; pos: number }>(
      (x) => (x < 0 ? 'neg' : x === 0 ? 'zero' : 'pos'),
      ['neg', 'zero', 'pos'],
    );

  it('types its outputs from the names', () => {
    const s: Stream<{ in: number }, { neg: number; zero: number; pos: number }> = bySign();
    expect(s.outs).toEqual(['neg', 'zero', 'pos']);
  });

  it('emits nothing for an empty input', async () => {
    expect(await testStream(bySign(), { in: [] })).toEqual({ neg: [], zero: [], pos: [] });
  });

  it('routes one item', async () => {
    expect(await testStream(bySign(), { in: [0] })).toEqual({ neg: [], zero: [0], pos: [] });
  });

  it('routes many items to the output fn names, in order', async () => {
    expect(await testStream(bySign(), { in: [3, -1, 0, 4, -2, 0] }, { capacity: 1 })).toEqual({
      neg: [-1, -2],
      zero: [0, 0],
      pos: [3, 4],
    });
  });

  it('finishes when every output is cancelled, and its endless upstream stops', async () => {
    const wf = new Workflow({ capacity: 2, strict: true });
    const source = counting();
    const p = wf.addStream(partition((x: number) => (x % 3 === 0 ? 'three' : 'other'), ['three', 'other']));
    wf.addStream(fromIterable(source.iterable)).pipe(p);
    const threes = collect<number>();
    const t = wf.addStream(take<number>(3));
    p.output('three').pipe(t.input('in'));
    t.pipe(wf.addStream(threes));
    p.output('other').pipe(wf.addStream(take<number>(1)).input('in'));
    await wf.run();
    expect(threes.items).toEqual([0, 3, 6]);
    expect([p.state, source.finished()]).toEqual(['finished', true]);
  });

  it('lets an upstream error fail the workflow', async () => {
    await expectUpstreamError(bySign());
  });

  it('fails naming the stage when fn throws or names no output', async () => {
    const thrower = partition(() => {
      throw new Error('bad key');
    }, ['a']);
    await expectAsync(testStream(thrower, { in: [1] })).toBeRejectedWithError(/stream "partition" failed: bad key/);
    const stray = partition(() => 'c' as 'a', ['a', 'b']);
    await expectAsync(testStream(stray, { in: [1] })).toBeRejectedWithError(
      /stream "partition" failed: partition sent an item to "c", which is not one of its outputs \("a", "b"\)/,
    );
  });

  it('rejects bad arguments', () => {
    const wiring = (re: RegExp) => (e: unknown) => e instanceof WiringError && re.test(e.message);
    expect(() => partition(1 as never, ['a'])).toThrowMatching(wiring(/^partition\(fn\)/));
    expect(() => partition(() => 'a', [] as never)).toThrowMatching(
      wiring(/^partition\(names\): expected at least 1 port name/),
    );
  });

  it(
    'never buffers more than the capacity with slow sinks',
    async () => {
      const wf = new Workflow({ capacity: 16, strict: true });
      const p = wf.addStream(
        partition<{ low: number; high: number }>((x) => (x % 10 < 3 ? 'low' : 'high'), ['low', 'high']),
      );
      wf.addStream(range(0, 100_000)).pipe(p);
      const low = slowSink<number>('low sink');
      const high = slowSink<number>('high sink');
      p.output('low').pipe(wf.addStream(low.stream).input('in'));
      p.output('high').pipe(wf.addStream(high.stream).input('in'));
      await wf.run();
      expect([low.items.length, high.items.length]).toEqual([30_000, 70_000]);
      expect(peaks(wf)).toEqual(['high sink.in 16', 'low sink.in 16', 'partition.in 16']);
    },
    BOUNDED_TIMEOUT,
  );
});

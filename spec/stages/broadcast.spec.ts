import {
  Workflow,
  broadcast,
  collect,
  concat,
  fromIterable,
  range,
  take,
  WiringError,
  type Stream,
} from '../../src/index';
import { testStream } from '../../src/testing';
import { BOUNDED_TIMEOUT, counting, expectUpstreamError, peaks, slowSink } from './support';

describe('stages/broadcast', () => {
  it('types its outputs from the names or the count', () => {
    const named: Stream<{ in: number }, { a: number; b: number }> = broadcast<{ a: number; b: number }>(['a', 'b']);
    const counted: Stream<{ in: string }, { out0: string; out1: string; out2: string }> = broadcast<3, string>(3);
    expect([named.outs, counted.outs]).toEqual([
      ['a', 'b'],
      ['out0', 'out1', 'out2'],
    ]);
    const wf = new Workflow();
    // @ts-expect-error: broadcast(['a', 'b']) has no output "c"
    expect(() => wf.addStream(broadcast(['a', 'b'])).output('c')).toThrowError(WiringError);
  });

  it('emits nothing for an empty input', async () => {
    expect(await testStream(broadcast(['a', 'b']), { in: [] })).toEqual({ a: [], b: [] });
  });

  it('sends one item to every output', async () => {
    expect(await testStream(broadcast(3), { in: ['x'] })).toEqual({ out0: ['x'], out1: ['x'], out2: ['x'] });
  });

  it('sends many items to every output, in order', async () => {
    expect(await testStream(broadcast(['a', 'b']), { in: [1, 2, 3, 4, 5] }, { capacity: 1 })).toEqual({
      a: [1, 2, 3, 4, 5],
      b: [1, 2, 3, 4, 5],
    });
  });

  it('goes on for the outputs left when one is cancelled, and finishes when all are', async () => {
    const wf = new Workflow({ capacity: 2, strict: true });
    const source = counting(20);
    const split = wf.addStream(broadcast(['short', 'long']));
    wf.addStream(fromIterable(source.iterable)).pipe(split);
    const short = collect<number>();
    const long = collect<number>();
    split.output('short').pipe(wf.addStream(take<number>(2)).input('in'));
    wf.steps[wf.steps.length - 1].pipe(wf.addStream(short));
    split.output('long').pipe(wf.addStream(long).input('in'));
    await wf.run();
    expect(short.items).toEqual([0, 1]);
    expect(long.items).toEqual(Array.from({ length: 20 }, (_, i) => i));

    const wf2 = new Workflow({ capacity: 2, strict: true });
    const endless = counting();
    const split2 = wf2.addStream(broadcast(2));
    wf2.addStream(fromIterable(endless.iterable)).pipe(split2);
    split2.output('out0').pipe(wf2.addStream(take<number>(1)).input('in'));
    split2.output('out1').pipe(wf2.addStream(take<number>(3)).input('in'));
    await wf2.run();
    expect(split2.state).toBe('finished');
    expect(endless.finished()).toBe(true);
  });

  it('finishes with an output full once nothing is left to send, so a consumer waiting for its end goes on', async () => {
    // concat reads `a` to its end before `b`: broadcast must close `a` while `b` is full.
    const wf = new Workflow({ capacity: 2 });
    const split = wf.addStream(broadcast(['a', 'b']));
    const joined = wf.addStream(concat(['a', 'b']));
    wf.addStream(fromIterable([1, 2])).pipe(split);
    split.output('a').pipe(joined.input('a'));
    split.output('b').pipe(joined.input('b'));
    const sink = collect<number>();
    joined.pipe(wf.addStream(sink));
    await wf.run();
    expect(sink.items).toEqual([1, 2, 1, 2]);
  });

  it('lets an upstream error fail the workflow', async () => {
    await expectUpstreamError(broadcast(['a', 'b']));
  });

  it('rejects bad names, naming the stage', () => {
    const wiring = (re: RegExp) => (e: unknown) => e instanceof WiringError && re.test(e.message);
    expect(() => broadcast(['a', 'a'])).toThrowMatching(wiring(/^broadcast\(names\): the port "a" is named twice/));
    expect(() => broadcast([])).toThrowMatching(wiring(/^broadcast\(names\): expected at least 1 port name/));
    expect(() => broadcast(0)).toThrowMatching(wiring(/^broadcast\(names\): names must be a whole number, at least 1/));
    expect(() => broadcast('ab' as never)).toThrowMatching(
      wiring(/^broadcast\(names\): expected an array of port names/),
    );
  });

  it(
    'is governed by its slowest consumer: a fast and a slow sink, nothing buffered beyond the capacity',
    async () => {
      const wf = new Workflow({ capacity: 16, strict: true });
      const split = wf.addStream(broadcast(['fast', 'slow']));
      wf.addStream(range(0, 100_000)).pipe(split);
      const fast = collect<number>({ name: 'fast sink' });
      const slow = slowSink<number>('slow sink');
      split.output('fast').pipe(wf.addStream(fast).input('in'));
      split.output('slow').pipe(wf.addStream(slow.stream).input('in'));
      await wf.run();
      expect(fast.items.length).toBe(100_000);
      expect(slow.items.length).toBe(100_000);
      expect(slow.items[99_999]).toBe(99_999);
      expect(peaks(wf)).toEqual(['broadcast.in 16', 'fast sink.in 16', 'slow sink.in 16']);
    },
    BOUNDED_TIMEOUT,
  );
});

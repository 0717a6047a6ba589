import { Workflow, collect, fork, fromIterable, range, take, WiringError, type Stream } from '../../src/index';
import { testStream } from '../../src/testing';
import { BOUNDED_TIMEOUT, counting, expectUpstreamError, peaks, slowSink } from './support';

describe('stages/fork', () => {
  const parity = () => fork((x: number) => x % 2 === 0);

  it('has the outputs true and false', () => {
    const s: Stream<{ in: number }, { true: number; false: number }> = parity();
    expect(s.outs).toEqual(['true', 'false']);
  });

  it('emits nothing for an empty input', async () => {
    expect(await testStream(parity(), { in: [] })).toEqual({ true: [], false: [] });
  });

  it('routes one item', async () => {
    expect(await testStream(parity(), { in: [3] })).toEqual({ true: [], false: [3] });
  });

  it('routes many items by the condition, keeping order on each side', async () => {
    expect(await testStream(parity(), { in: [1, 2, 3, 4, 5, 6, 7] }, { capacity: 1 })).toEqual({
      true: [2, 4, 6],
      false: [1, 3, 5, 7],
    });
  });

  it('calls pred once per item even while an output is full', async () => {
    let calls = 0;
    const stage = fork((x: number) => (calls++, x > 2));
    expect(await testStream(stage, { in: [1, 2, 3, 4, 5, 6] }, { capacity: 1 })).toEqual({
      true: [3, 4, 5, 6],
      false: [1, 2],
    });
    expect(calls).toBe(6);
  });

  it('finishes when both outputs are cancelled, and its endless upstream stops', async () => {
    const wf = new Workflow({ capacity: 2, strict: true });
    const source = counting();
    const f = wf.addStream(parity());
    wf.addStream(fromIterable(source.iterable)).pipe(f);
    const evens = collect<number>();
    const t = wf.addStream(take<number>(2));
    f.output('true').pipe(t.input('in'));
    t.pipe(wf.addStream(evens));
    f.output('false').pipe(wf.addStream(take<number>(1)).input('in'));
    await wf.run();
    expect(evens.items).toEqual([0, 2]);
    expect(f.state).toBe('finished');
    expect(source.finished()).toBe(true);
  });

  it('lets an upstream error fail the workflow', async () => {
    await expectUpstreamError(parity());
  });

  it('fails naming the stage when pred throws', async () => {
    const stage = fork(() => {
      throw new Error('bad route');
    });
    await expectAsync(testStream(stage, { in: [1] })).toBeRejectedWithError(/stream "fork" failed: bad route/);
  });

  it('rejects a non-function pred', () => {
    expect(() => fork({} as never)).toThrowMatching((e) => e instanceof WiringError && /^fork\(pred\)/.test(e.message));
  });

  it(
    'never buffers more than the capacity with two slow sinks',
    async () => {
      const wf = new Workflow({ capacity: 16, strict: true });
      const f = wf.addStream(parity());
      wf.addStream(range(0, 100_000)).pipe(f);
      const t = slowSink<number>('evens');
      const e = slowSink<number>('odds');
      f.output('true').pipe(wf.addStream(t.stream).input('in'));
      f.output('false').pipe(wf.addStream(e.stream).input('in'));
      await wf.run();
      expect([t.items.length, e.items.length, t.items[49_999], e.items[49_999]]).toEqual([
        50_000, 50_000, 99_998, 99_999,
      ]);
      expect(peaks(wf)).toEqual(['evens.in 16', 'fork.in 16', 'odds.in 16']);
    },
    BOUNDED_TIMEOUT,
  );
});

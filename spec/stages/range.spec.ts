import { Workflow, collect, range, take, WiringError } from '../../src/index';
import { testStream } from '../../src/testing';
import { BOUNDED_TIMEOUT, boundedRun, peaks, slowSink } from './support';

describe('stages/range', () => {
  it('emits nothing for a count of 0', async () => {
    expect(await testStream(range(5, 0), {})).toEqual({ out: [] });
  });

  it('emits one number', async () => {
    expect(await testStream(range(5, 1), {})).toEqual({ out: [5] });
  });

  it('emits many numbers with a step, forwards or backwards', async () => {
    expect(await testStream(range(0, 5), {}, { capacity: 2 })).toEqual({ out: [0, 1, 2, 3, 4] });
    expect(await testStream(range(10, 4, -2.5), {})).toEqual({ out: [10, 7.5, 5, 2.5] });
  });

  it('stops and finishes when its consumer finishes early, even when endless', async () => {
    const wf = new Workflow({ capacity: 4, strict: true });
    const sink = collect<number>();
    const source = wf.addStream(range(1, Infinity));
    source.pipe(wf.addStream(take<number>(3))).pipe(wf.addStream(sink));
    await wf.run();
    expect(sink.items).toEqual([1, 2, 3]);
    expect(source.state).toBe('finished');
    expect(peaks(wf)).toEqual(['collect.in 3', 'take.in 4']);
  });

  it('rejects a bad start, count or step, naming the argument', () => {
    const wiring = (re: RegExp) => (e: unknown) => e instanceof WiringError && re.test(e.message);
    expect(() => range(NaN, 1)).toThrowMatching(wiring(/^range\(start\): start must be a finite number/));
    expect(() => range(0, -1)).toThrowMatching(
      wiring(/^range\(count\): count must be a whole number, at least 0; got -1/),
    );
    expect(() => range(0, 1.5)).toThrowMatching(wiring(/^range\(count\)/));
    expect(() => range(0, 1, Infinity)).toThrowMatching(wiring(/^range\(step\)/));
  });

  it(
    'never buffers more than the capacity into a slow sink',
    async () => {
      const wf = new Workflow({ capacity: 32, strict: true });
      const sink = slowSink<number>('sink');
      wf.addStream(range(0, 100_000)).pipe(wf.addStream(sink.stream));
      await wf.run();
      expect(sink.items.length).toBe(100_000);
      expect(sink.items[12_345]).toBe(12_345);
      expect(peaks(wf)).toEqual(['sink.in 32']);
    },
    BOUNDED_TIMEOUT,
  );

  it(
    'runs as the fast source of the bounded-memory matrix',
    async () => {
      const { received } = await boundedRun(range(0, 3), { capacity: 1 });
      expect(received.out).toEqual([0, 1, 2]);
    },
    BOUNDED_TIMEOUT,
  );
});

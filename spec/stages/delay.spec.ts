import { Workflow, collect, delay, fromIterable } from '../../src/index';
import { matrix } from './matrix';

describe('stages/delay', () => {
  matrix({
    name: 'delay',
    make: () => delay<number>(2),
    empty: [],
    one: [[5], [5]],
    many: [
      [1, 2, 3, 4],
      [1, 2, 3, 4],
    ],
    early: { n: 3, out: [0, 1, 2] },
    bad: [
      [() => delay(-1), /^delay\(ms\): ms must be a number of milliseconds, at least 0; got -1/],
      [() => delay(Infinity), /^delay\(ms\): ms must be a number of milliseconds/],
      [() => delay(1, { size: 0 }), /^delay\(size\): size must be a whole number, at least 1; got 0/],
    ],
    bounded: {
      n: 2000,
      check: (out) => expect(out).toEqual(Array.from({ length: 2000 }, (_, i) => i)),
      peaks: ['delay.in 16', 'sink out.in 16'],
    },
  });

  it('waits at least ms of the clock before emitting each item', async () => {
    const wf = new Workflow();
    const seen: number[] = [];
    const started = Date.now();
    const sink = collect<number>();
    wf.addStream(fromIterable([1, 2, 3]))
      .pipe(wf.addStream(delay<number>(30)))
      .pipe(wf.addStream(sink));
    const step = wf.steps[1];
    await wf.run();
    seen.push(Date.now() - started);
    expect(sink.items).toEqual([1, 2, 3]);
    expect(seen[0]).toBeGreaterThanOrEqual(29);
    expect(step.state).toBe('finished');
  });

  it('with ms 0 and a size smaller than a burst, takes the rest of the burst once it emitted (no deadlock)', async () => {
    // Found by the stage-chain property: the second item waited in the input of a stage that had emitted the first.
    for (const size of [1, 2]) {
      const wf = new Workflow({ capacity: 3 });
      const sink = collect<number>();
      wf.addStream(fromIterable([0, 1, 2, 3, 4]))
        .pipe(wf.addStream(delay<number>(0, { size })))
        .pipe(wf.addStream(sink));
      await wf.run();
      expect(sink.items).toEqual([0, 1, 2, 3, 4]);
    }
  });
});

import { Workflow, collect, fromIterable, throttle } from '../../src/index';
import { matrix } from './matrix';

describe('stages/throttle', () => {
  matrix({
    name: 'throttle',
    make: () => throttle<number>(1, 1),
    empty: [],
    one: [[5], [5]],
    many: [
      [1, 2, 3, 4],
      [1, 2, 3, 4],
    ],
    early: { n: 3, out: [0, 1, 2] },
    bad: [
      [() => throttle(0, 10), /^throttle\(elements\): elements must be a whole number, at least 1; got 0/],
      [() => throttle(1, 0), /^throttle\(per\): per must be a number of milliseconds, more than 0; got 0/],
      [() => throttle(1, 10, { burst: 0 }), /^throttle\(burst\): burst must be a whole number, at least 1/],
    ],
    bounded: {
      n: 2000,
      make: () => throttle<number>(100, 1, { burst: 20 }),
      check: (out) => expect(out).toEqual(Array.from({ length: 2000 }, (_, i) => i)),
      peaks: ['sink out.in 16', 'throttle.in 16'],
    },
  });

  it('keeps the pace on the real clock: n items at elements per `per` ms take about (n - burst) / elements × per', async () => {
    const wf = new Workflow({ capacity: 4 });
    const sink = collect<number>();
    const times: number[] = [];
    wf.addStream(fromIterable(Array.from({ length: 11 }, (_, i) => i)))
      .pipe(wf.addStream(throttle<number>(1, 5)))
      .pipe(wf.addStream(sink));
    const started = Date.now();
    await wf.run();
    times.push(Date.now() - started);
    expect(sink.items.length).toBe(11);
    // 10 waits of 5 ms after the first item (a timer may come a millisecond early by Date.now()).
    expect(times[0]).toBeGreaterThanOrEqual(45);
  });
});

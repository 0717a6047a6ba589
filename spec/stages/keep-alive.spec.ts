import { Workflow, collect, keepAlive } from '../../src/index';
import { matrix } from './matrix';

describe('stages/keepAlive', () => {
  matrix<number, number>({
    name: 'keepAlive',
    make: () => keepAlive(1000, () => -1),
    empty: [],
    one: [[5], [5]],
    many: [
      [1, 2, 3],
      [1, 2, 3],
    ],
    early: { n: 3, out: [0, 1, 2] },
    bad: [
      [() => keepAlive(0, () => 0), /^keepAlive\(ms\): ms must be a number of milliseconds, more than 0; got 0/],
      [() => keepAlive(10, 0 as never), /^keepAlive\(make\): make must be a function/],
    ],
    bounded: {
      n: 2000,
      check: (out) => expect(out.length).toBe(2000),
      peaks: ['keepAlive.in 16', 'sink out.in 16'],
    },
  });

  it('emits make() while upstream is quiet, and fails naming the stage when make throws', async () => {
    async function* quiet() {
      yield 1;
      await new Promise((resolve) => setTimeout(resolve, 70));
      yield 2;
    }
    const wf = new Workflow();
    const sink = collect<number>();
    wf.addSource(quiet)
      .pipe(wf.addStream(keepAlive<number, number>(20, () => 0)))
      .pipe(wf.addStream(sink));
    await wf.run();
    expect(sink.items[0]).toBe(1);
    expect(sink.items[sink.items.length - 1]).toBe(2);
    // Two or three heartbeats in 70 ms at 20 ms (timers are late on a busy machine, never early).
    expect(sink.items.filter((x) => x === 0).length).toBeGreaterThanOrEqual(1);
    expect(sink.items.filter((x) => x === 0).length).toBeLessThanOrEqual(3);
    const failing = new Workflow();
    failing
      .addSource(quiet)
      .pipe(
        failing.addStream(
          keepAlive<number, number>(20, () => {
            throw new Error('no heartbeat');
          }),
        ),
      )
      .pipe(failing.addStream(collect<number>()));
    await expectAsync(failing.run()).toBeRejectedWithError(/stream "keepAlive" failed: no heartbeat/);
  });
});

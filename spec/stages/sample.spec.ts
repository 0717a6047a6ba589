import { TestScheduler } from 'rxjs/testing';
import { Workflow, collect, sample } from '../../src/index';
import { matrix } from './matrix';

describe('stages/sample', () => {
  // Items that arrive together and end before the first tick are dropped, as RxJS's sampleTime drops them.
  matrix({
    name: 'sample',
    make: () => sample<number>(1000),
    empty: [],
    one: [[5], []],
    many: [[1, 2, 3], []],
    bad: [[() => sample(0), /^sample\(ms\): ms must be a number of milliseconds, more than 0; got 0/]],
  });

  it('emits the newest item at the tick, and counts what it dropped as skipped', () => {
    // In virtual time: 1 and 2 at frame 0, 3 at frame 63 and the end at 64, ticks every 20 frames.
    const scheduler = new TestScheduler((a, b) => expect(a).toEqual(b));
    scheduler.run(({ cold }) => {
      const wf = new Workflow({ capacity: 4, scheduler });
      const sink = collect<number>();
      wf.addSource(cold('(ab) 59ms c|', { a: 1, b: 2, c: 3 }))
        .pipe(wf.addStream(sample<number>(20)))
        .pipe(wf.addStream(sink));
      let skipped = -1;
      wf.metrics(1000).subscribe((m) => (skipped = m.streams.find((s) => s.name === 'sample')!.skipped));
      let done = false;
      wf.run$().subscribe({ complete: () => (done = true) });
      scheduler.flush();
      expect(done).toBe(true);
      // 2 at the first tick (1 replaced); 3 arrives and the input ends before its tick.
      expect(sink.items).toEqual([2]);
      expect(skipped).toBe(2);
    });
  });
});

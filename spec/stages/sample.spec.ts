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

  it('emits the newest item at the tick, and counts what it dropped as skipped', async () => {
    async function* slowly() {
      yield 1;
      yield 2;
      await new Promise((resolve) => setTimeout(resolve, 60));
      yield 3;
    }
    const wf = new Workflow({ capacity: 4 });
    const sink = collect<number>();
    wf.addSource(slowly)
      .pipe(wf.addStream(sample<number>(20)))
      .pipe(wf.addStream(sink));
    let skipped = -1;
    wf.metrics(1000).subscribe((m) => (skipped = m.streams.find((s) => s.name === 'sample')!.skipped));
    await wf.run();
    // 2 at the first tick (1 replaced); 3 arrives and the input ends before its tick.
    expect(sink.items).toEqual([2]);
    expect(skipped).toBe(2);
  });
});

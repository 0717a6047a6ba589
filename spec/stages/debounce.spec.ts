import { Workflow, debounce, fromIterable, collect } from '../../src/index';
import { matrix } from './matrix';

describe('stages/debounce', () => {
  // A burst that arrives at once ends in its last item, emitted when the input completes.
  matrix({
    name: 'debounce',
    make: () => debounce<number>(1000),
    empty: [],
    one: [[5], [5]],
    many: [[1, 2, 3, 4], [4]],
    bad: [[() => debounce(-5), /^debounce\(ms\): ms must be a number of milliseconds, at least 0; got -5/]],
  });

  it('counts the items it drops as skipped in metrics', async () => {
    const wf = new Workflow({ capacity: 4 });
    const sink = collect<number>();
    wf.addStream(fromIterable([1, 2, 3, 4, 5]))
      .pipe(wf.addStream(debounce<number>(1000)))
      .pipe(wf.addStream(sink));
    let skipped = -1;
    wf.metrics(1000).subscribe((m) => (skipped = m.streams.find((s) => s.name === 'debounce')!.skipped));
    await wf.run();
    expect(sink.items).toEqual([5]);
    expect(skipped).toBe(4);
  });
});

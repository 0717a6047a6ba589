import { Workflow, collect, fromIterable, range } from '../../src/index';
import { BOUNDED_TIMEOUT, expectUpstreamError, peaks } from './support';

describe('stages/collect', () => {
  const run = async (items: number[]) => {
    const wf = new Workflow({ capacity: 2, strict: true });
    const sink = collect<number>();
    wf.addStream(fromIterable(items)).pipe(wf.addStream(sink));
    await wf.run();
    return sink.items;
  };

  it('keeps nothing, one item, many items', async () => {
    expect(await run([])).toEqual([]);
    expect(await run([1])).toEqual([1]);
    expect(await run([1, 2, 3, 4, 5])).toEqual([1, 2, 3, 4, 5]);
  });

  it('lets an upstream error fail the workflow', async () => {
    await expectUpstreamError(collect());
  });

  it(
    'drains as fast as items come, so nothing waits beyond the capacity',
    async () => {
      const wf = new Workflow({ capacity: 8, strict: true });
      const sink = collect<number>({ name: 'all' });
      wf.addStream(range(0, 100_000)).pipe(wf.addStream(sink));
      await wf.run();
      expect(sink.items.length).toBe(100_000);
      expect(peaks(wf)).toEqual(['all.in 8']);
    },
    BOUNDED_TIMEOUT,
  );
});

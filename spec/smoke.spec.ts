import { Stream, Workflow, collect, fromIterable } from '../src/index';

describe('smoke', () => {
  it('runs a linear workflow', async () => {
    const wf = new Workflow({ capacity: 4 });
    const src = wf.addStream(fromIterable([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]));
    const dbl = wf.addStream(new Stream<{ in: number }, { out: number }>({
      ins: ['in'], outs: ['out'],
      fn: (ins, outs) => {
        while (ins.in.size > 0) if (!outs.out.push(ins.in.pop() * 2)) return true;
      },
    }));
    const sink = collect<number>();
    src.pipe(dbl).pipe(wf.addStream(sink));
    await wf.run();
    expect(sink.items).toEqual([2, 4, 6, 8, 10, 12, 14, 16, 18, 20]);
  });
});

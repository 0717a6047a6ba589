/**
 * One spec per engine bug the reliability suites found, each named after the
 * behaviour that was broken, so a regression points straight at its fix.
 */
import { Stream, Workflow, collect, fromIterable } from '../../src/index';

describe('reliability regressions', () => {
  it('an async stream that finishes within the time slice does not trigger a false deadlock', async () => {
    // The stream resolves in a microtask, well inside the slice: finishing it
    // closes its output, which used to run the loop before the step was counted as finished.
    const wf = new Workflow({ capacity: 4, timeSlice: 1000 });
    const src = wf.addStream(fromIterable([1, 2, 3]));
    const pass = wf.addStream(
      new Stream<{ in: number }, { out: number }>({
        ins: ['in'],
        outs: ['out'],
        fn: async (ins, outs) => {
          await Promise.resolve();
          while (ins.in.size > 0 && !outs.out.full) outs.out.push(ins.in.pop());
          return ins.in.size > 0;
        },
      }),
    );
    const sink = collect<number>();
    src.pipe(pass).pipe(wf.addStream(sink));
    await wf.run();
    expect(sink.items).toEqual([1, 2, 3]);
  });
});

import { StreamError, TimeoutError, Workflow, collect, idleTimeout } from '../../src/index';
import { matrix } from './matrix';

describe('stages/idleTimeout', () => {
  matrix({
    name: 'idleTimeout',
    make: () => idleTimeout<number>(1000),
    empty: [],
    one: [[5], [5]],
    many: [
      [1, 2, 3],
      [1, 2, 3],
    ],
    early: { n: 3, out: [0, 1, 2] },
    bad: [[() => idleTimeout(0), /^idleTimeout\(ms\): ms must be a number of milliseconds, more than 0; got 0/]],
    bounded: {
      n: 2000,
      check: (out) => expect(out.length).toBe(2000),
      peaks: ['idleTimeout.in 16', 'sink out.in 16'],
    },
  });

  it('fails with a TimeoutError when upstream goes quiet', async () => {
    async function* stalls() {
      yield 1;
      await new Promise((resolve) => setTimeout(resolve, 200));
      yield 2;
    }
    const wf = new Workflow();
    const sink = collect<number>();
    wf.addSource(stalls)
      .pipe(wf.addStream(idleTimeout<number>(20)))
      .pipe(wf.addStream(sink));
    const err = await wf.run().then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(StreamError);
    expect((err as StreamError).stream).toBe('idleTimeout');
    expect((err as StreamError).cause).toBeInstanceOf(TimeoutError);
    expect(sink.items).toEqual([1]);
  });
});

import { StreamError, TimeoutError, Workflow, collect, completionTimeout } from '../../src/index';
import { matrix } from './matrix';

describe('stages/completionTimeout', () => {
  matrix({
    name: 'completionTimeout',
    make: () => completionTimeout<number>(5000),
    empty: [],
    one: [[5], [5]],
    many: [
      [1, 2, 3],
      [1, 2, 3],
    ],
    early: { n: 3, out: [0, 1, 2] },
    bad: [[() => completionTimeout(-1), /^completionTimeout\(ms\): ms must be a number of milliseconds/]],
    bounded: {
      n: 2000,
      check: (out) => expect(out.length).toBe(2000),
      peaks: ['completionTimeout.in 16', 'sink out.in 16'],
    },
  });

  it('fails with a TimeoutError when the input is not done in time', async () => {
    async function* slow() {
      for (let i = 0; i < 100; i++) {
        await new Promise((resolve) => setTimeout(resolve, 5));
        yield i;
      }
    }
    const wf = new Workflow();
    wf.addSource(slow)
      .pipe(wf.addStream(completionTimeout<number>(30)))
      .pipe(wf.addStream(collect<number>()));
    const err = await wf.run().then(
      () => null,
      (e: unknown) => e,
    );
    expect((err as StreamError).stream).toBe('completionTimeout');
    expect((err as StreamError).cause).toBeInstanceOf(TimeoutError);
  });
});

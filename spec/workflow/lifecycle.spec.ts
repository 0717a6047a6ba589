import { AbortError, StateError, Stream, Workflow } from '../../src/index';
import { Connection } from '../../src/connection';
import { moveStep } from '../../src/workflow/lifecycle';
import type { StepState } from '../../src/types';

describe('lifecycle', () => {
  const step = (state: StepState) => ({ name: 'work', state });

  it('moves a stream along its life', () => {
    const s = step('idle');
    for (const next of ['running', 'waiting', 'idle', 'running', 'idle', 'finished'] as const) moveStep(s, next);
    expect(s.state).toBe('finished');
  });

  it('throws a StateError for a change its life does not allow', () => {
    const cases: [StepState, StepState][] = [
      ['idle', 'waiting'],
      ['running', 'finished'],
      ['waiting', 'running'],
      ['finished', 'idle'],
      ['failed', 'idle'],
      ['failed', 'failed'],
    ];
    for (const [from, to] of cases) {
      const s = step(from);
      expect(() => moveStep(s, to)).toThrowError(StateError, `stream "work": cannot go from ${from} to ${to}`);
      expect(s.state).toBe(from);
    }
  });

  it('lets a connection go open → closed → cancelled, and never back', () => {
    const consumer = { signalled: false, signal() {}, roomFreed: () => false };
    const c = new Connection<number>('sink.in', consumer, 2, false);
    c.closeIfUnconnected();
    expect(c.state).toBe('closed');
    c.cancel();
    expect(c.state).toBe('cancelled');
    c.release();
    expect(c.state).toBe('cancelled');
    const open = new Connection<number>('sink.in', consumer, 2, false);
    open.openProducers = 1;
    open.cancel();
    open.producerClosed();
    expect(open.state).toBe('cancelled');
  });

  it('leaves a stream that aborted the run from inside its own run failed, sync or async', async () => {
    for (const body of ['sync', 'async'] as const) {
      const controller = new AbortController();
      const wf = new Workflow();
      wf.addStream(
        new Stream({
          name: 'quitter',
          outs: ['out'],
          fn: () => {
            controller.abort();
            return body === 'sync' ? true : Promise.reject(new Error('ignored: the run has ended'));
          },
        }),
      );
      await expectAsync(wf.run({ signal: controller.signal })).toBeRejectedWithError(
        AbortError,
        'run(): aborted: This operation was aborted',
      );
      await new Promise((r) => setImmediate(r));
      expect(wf.steps[0].state).withContext(body).toBe('failed');
    }
  });
});

describe('a run result that settles synchronously', () => {
  it('is taken like a promise, without starting the loop inside the loop', async () => {
    const wf = new Workflow({ capacity: 2 });
    const seen: number[] = [];
    const nowThenable = (value: boolean | undefined) => ({
      then(onFulfilled: (v: boolean | undefined) => void) {
        onFulfilled(value);
      },
    });
    const src = wf.addStream(
      new Stream<{}, { out: number }>({
        name: 'src',
        outs: ['out'],
        state: { i: 0 },
        fn: (_ins, outs, s) => {
          while (s.i < 10) if (!outs.out.push(s.i++)) return nowThenable(true) as never;
          return nowThenable(undefined) as never;
        },
      }),
    );
    const sink = wf.addStream(
      new Stream<{ in: number }, {}>({
        name: 'sink',
        ins: ['in'],
        fn: (ins) => {
          while (ins.in.size > 0) seen.push(ins.in.pop());
          return nowThenable(undefined) as never;
        },
      }),
    );
    src.pipe(sink);
    await wf.run();
    expect(seen).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(wf.steps.map((s) => s.state)).toEqual(['finished', 'finished']);
  });
});

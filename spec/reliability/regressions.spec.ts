/**
 * One spec per engine bug the reliability suites found, each named after the
 * behaviour that was broken, so a regression points straight at its fix.
 */
import {
  AbortError,
  Stream,
  StreamError,
  WiringError,
  Workflow,
  broadcast,
  collect,
  concat,
  fromIterable,
  zip,
} from '../../src/index';

describe('reliability regressions', () => {
  it('an async stream that finishes within the slice does not trigger a false deadlock', async () => {
    // The stream resolves in a microtask, well inside the slice: finishing it
    // closes its output, which used to run the loop before the step was counted as finished.
    const wf = new Workflow({ capacity: 4, runsPerSlice: 1000 });
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

  it('a broadcast from an async stream after an await reaches every connection before any consumer runs', async () => {
    // The source broadcasts to the sink directly and through `pass`. The first
    // connection's push used to run the loop at once, so `pass` forwarded the item
    // into the sink before the broadcast reached the sink's own connection.
    const wf = new Workflow({ capacity: 4, runsPerSlice: 1000 });
    let passRuns = 0;
    const src = wf.addStream(
      new Stream<{}, { out: string }>({
        outs: ['out'],
        fn: async (_ins, outs) => {
          await Promise.resolve();
          outs.out.push('x');
        },
      }),
    );
    const pass = wf.addStream(
      new Stream<{ in: string }, { out: string }>({
        ins: ['in'],
        outs: ['out'],
        fn: (ins, outs) => {
          passRuns++;
          while (ins.in.size > 0) outs.out.push(`${ins.in.pop()} via pass`);
        },
      }),
    );
    const sink = collect<string>();
    const sinkStep = wf.addStream(sink);
    src.output('out').pipe(pass.input('in'));
    src.output('out').pipe(sinkStep.input('in'));
    pass.output('out').pipe(sinkStep.input('in'));
    await wf.run();
    expect(sink.items).toEqual(['x', 'x via pass']);
    expect(passRuns).toBeGreaterThan(0);
  });

  it('an abort from inside the first slice of a run stops the run', async () => {
    // run() hooked up the signal only after the first slice had run inside
    // start(), so the source below went on being run for the rest of that slice.
    const wf = new Workflow({ capacity: 2 });
    const controller = new AbortController();
    let runs = 0;
    const endless = wf.addStream(
      new Stream<{}, { out: number }>({
        outs: ['out'],
        fn: (_ins, outs) => {
          runs++;
          if (runs === 1) controller.abort(new Error('enough'));
          outs.out.push(runs);
          return true;
        },
      }),
    );
    endless.pipe(wf.addStream(new Stream<{ in: number }, {}>({ ins: ['in'], fn: (ins) => void ins.in.pop() })));
    await expectAsync(wf.run({ signal: controller.signal })).toBeRejectedWithError(
      AbortError,
      'run(): aborted: enough',
    );
    expect(runs).toBe(1);
  });

  it('run() with a bad signal rejects before starting, so the workflow can still be built and run', async () => {
    // The bad signal used to throw a TypeError after the engine had started,
    // leaving the workflow running with nobody to hear how it ended.
    const wf = new Workflow();
    await expectAsync(wf.run({ signal: 'stop' as never })).toBeRejectedWithError(
      WiringError,
      'run({ signal }): expected an AbortSignal; got "stop".',
    );
    const sink = collect<number>();
    wf.addStream(fromIterable([1, 2])).pipe(wf.addStream(sink));
    await wf.run();
    expect(sink.items).toEqual([1, 2]);
  });

  it('a pipe by port names rejected on its second pair connects neither pair', () => {
    // The first pair used to be connected (with the new capacity) before the
    // second was found to conflict: a half-built pipe.
    const wf = new Workflow({ capacity: 2 });
    const m = wf.addStream(new Stream({ name: 'm', outs: ['x', 'y'] }));
    const n = wf.addStream(new Stream({ name: 'n', ins: ['x', 'y'] }));
    wf.addStream(new Stream({ name: 'k', outs: ['out'] }))
      .output('out')
      .pipe(n.input('y'), { capacity: 3 });
    expect(() => m.pipe(n, { capacity: 5 })).toThrowError(
      WiringError,
      /^pipe\(\): n\.y was given capacity 3 by an earlier pipe and 5 now/,
    );
    expect(n.inputPort('x').conn.producers.length).toBe(0);
    expect(n.inputPort('x').conn.capacity).toBe(2);
  });

  it('a run returning a thenable whose then() throws fails the run with a StreamError', async () => {
    // The throw used to escape the loop: an unhandled rejection and a run that never ended.
    const wf = new Workflow();
    wf.addStream(
      new Stream({
        name: 'odd',
        outs: ['out'],
        fn: () =>
          ({
            then() {
              throw new Error('broken thenable');
            },
          }) as unknown as Promise<boolean>,
      }),
    );
    await expectAsync(wf.run()).toBeRejectedWithError(StreamError, 'stream "odd" failed: broken thenable');
  });

  it('a stream that finishes cancels an input of its sync group whose connection is still open', async () => {
    // zip finishes once `r` is done; `l` then reads as done (its group is exhausted)
    // although its connection is open, so it used to be left uncancelled and the
    // source behind it waited for room forever: a DeadlockError.
    const wf = new Workflow({ strict: true });
    const z = wf.addStream(zip(['l', 'r']));
    wf.addStream(fromIterable([1, 2, 3], { name: 'left' }))
      .output('out')
      .pipe(z.input('l'), { capacity: 1 });
    wf.addStream(fromIterable(['a'], { name: 'right' }))
      .output('out')
      .pipe(z.input('r'), { capacity: 2 });
    const sink = collect<{ l: number; r: string }>();
    z.pipe(wf.addStream(sink));
    await wf.run();
    expect(sink.items).toEqual([{ l: 1, r: 'a' }]);
    expect(z.inputPort('l').conn.state).toBe('cancelled');
  });

  it('broadcast finishes once its input is done even when its last push filled an output', async () => {
    // broadcast returned true ("run me again when there is room") after its last
    // push filled `y`, so it never closed `x`, and concat, waiting for `x` to end
    // before reading `y`, could not drain `y`: a false DeadlockError.
    const wf = new Workflow({ capacity: 1, strict: true });
    const fan = wf.addStream(broadcast(['x', 'y']));
    const join = wf.addStream(concat(['x', 'y']));
    wf.addStream(fromIterable([7])).pipe(fan);
    fan.pipe(join);
    const sink = collect<number>();
    join.pipe(wf.addStream(sink));
    await wf.run();
    expect(sink.items).toEqual([7, 7]);
  });

  it('a run aborted with a reason that is not an Error rejects with an AbortError caused by that reason', async () => {
    // Only an Error reason used to become the cause: a string reason left `cause` undefined,
    // though the README promises an AbortError "carrying the reason".
    for (const [reason, message] of [
      ['enough', 'run(): aborted: enough'],
      [7, 'run(): aborted: 7'],
      [{ code: 7 }, 'run(): aborted: an object'],
    ] as const) {
      const wf = new Workflow();
      // A run that never settles: the workflow waits for it until the abort.
      wf.addStream(new Stream({ name: 'waiting', outs: ['out'], fn: () => new Promise<boolean>(() => {}) }));
      const controller = new AbortController();
      const run = wf.run({ signal: controller.signal });
      controller.abort(reason);
      const err = await run.then(
        () => null,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(AbortError);
      expect((err as AbortError).message).toBe(message);
      expect((err as AbortError).cause).toBe(reason);
    }
  });

  it('a run aborted with an Error whose message getter throws still rejects with an AbortError', async () => {
    const reason = Object.defineProperty(new Error(), 'message', {
      get() {
        throw new Error('no message');
      },
    });
    const controller = new AbortController();
    controller.abort(reason);
    const err = await new Workflow().run({ signal: controller.signal }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(AbortError);
    expect((err as AbortError).message).toBe('run(): aborted: an instance of Error');
    expect((err as AbortError).cause).toBe(reason);
  });
});

import {
  Stream,
  StreamError,
  Workflow,
  broadcast,
  collect,
  failedStream,
  fromIterable,
  map,
  type Inputs,
  type Outputs,
} from '../../src/index';

/** Passes items on; when its input fails, pushes `failed: <message>` and ends. */
function recoverer(log: string[] = []): Stream<{ in: unknown }, { out: unknown }> {
  return new Stream<{ in: unknown }, { out: unknown }>({
    name: 'recover',
    ins: ['in'],
    outs: ['out'],
    recovers: true,
    fn: (ins: Inputs<{ in: unknown }>, outs: Outputs<{ out: unknown }>) => {
      while (ins.in.size > 0 && !outs.out.full) outs.out.push(ins.in.pop());
      if (ins.in.done && ins.in.failed && !outs.out.full) {
        const err = ins.in.failure;
        log.push(`${failedStream(err)}: ${(err as Error).message}`);
        outs.out.push(`failed: ${(err as Error).message}`);
        outs.out.close();
      }
      return ins.in.size > 0;
    },
  });
}

/** Emits 1, 2, 3 and fails at the fourth item (or rejects, when async). */
function fragile(async = false): Stream<{ in: number }, { out: number }> {
  return new Stream<{ in: number }, { out: number }>({
    name: 'fragile',
    ins: ['in'],
    outs: ['out'],
    fn: (ins, outs) => {
      while (ins.in.size > 0 && !outs.out.full) {
        const x = ins.in.pop();
        if (x === 4) {
          if (async) return Promise.reject(new Error('four'));
          throw new Error('four');
        }
        outs.out.push(x);
      }
      return ins.in.size > 0;
    },
  });
}

describe('recovering from a failure upstream', () => {
  for (const async of [false, true]) {
    it(`a stream that recovers receives the failure after the items sent before it, and the run completes (${async ? 'a rejection' : 'a throw'})`, async () => {
      const wf = new Workflow({ capacity: 2 });
      const log: string[] = [];
      const finalized: string[] = [];
      const source = new Stream<{}, { out: number }>({
        name: 'numbers',
        outs: ['out'],
        state: { i: 1 },
        finalize: () => finalized.push('numbers'),
        fn: (_ins, outs, s) => {
          while (s.i <= 100) if (!outs.out.push(s.i++)) return true;
        },
      });
      const sink = collect<unknown>();
      wf.addStream(source)
        .pipe(wf.addStream(fragile(async)))
        .pipe(wf.addStream(recoverer(log)))
        .pipe(wf.addStream(sink));
      await wf.run();
      expect(sink.items).toEqual([1, 2, 3, 'failed: four']);
      expect(log).toEqual(['fragile: four']);
      // Upstream of the failure was cancelled: the source stopped long before 100.
      expect(finalized).toEqual(['numbers']);
      expect(wf.steps.map((s) => `${s.name} ${s.state}`)).toEqual([
        'numbers finished',
        'fragile failed',
        'recover finished',
        'collect finished',
      ]);
    });
  }

  it('fails the streams between the failure and the stream that recovers', async () => {
    const wf = new Workflow({ capacity: 4 });
    const sink = collect<unknown>();
    wf.addStream(fromIterable([1, 2, 3, 4, 5]))
      .pipe(wf.addStream(fragile()))
      .pipe(wf.addStream(map((x: number) => x * 10, { name: 'tenfold' })))
      .pipe(wf.addStream(recoverer()))
      .pipe(wf.addStream(sink));
    await wf.run();
    expect(sink.items).toEqual([10, 20, 30, 'failed: four']);
    expect(wf.steps.find((s) => s.name === 'tenfold')!.state).toBe('failed');
  });

  it('lets the other branches of a fan-out go on', async () => {
    const wf = new Workflow({ capacity: 2 });
    const safe = collect<unknown>({ name: 'safe' });
    const guarded = collect<unknown>({ name: 'guarded' });
    const fan = wf.addStream(broadcast(['a', 'b']));
    wf.addStream(fromIterable([1, 2, 3, 4, 5, 6])).pipe(fan);
    fan.output('a').pipe(wf.addStream(fragile()).input('in'));
    wf.steps
      .find((s) => s.name === 'fragile')!
      .pipe(wf.addStream(recoverer()))
      .pipe(wf.addStream(guarded));
    fan.output('b').pipe(wf.addStream(safe).input('in'));
    await wf.run();
    expect(safe.items).toEqual([1, 2, 3, 4, 5, 6]);
    expect(guarded.items).toEqual([1, 2, 3, 'failed: four']);
  });

  it('fails the whole run when some path from the failure reaches no stream that recovers', async () => {
    const wf = new Workflow({ capacity: 2 });
    const fan = wf.addStream(broadcast(['a', 'b']));
    const bad = wf.addStream(fragile());
    wf.addStream(fromIterable([1, 2, 3, 4, 5]))
      .pipe(bad)
      .pipe(fan);
    fan.output('a').pipe(wf.addStream(recoverer()).input('in'));
    fan.output('b').pipe(wf.addStream(collect<unknown>()).input('in'));
    const err = await wf.run().then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(StreamError);
    expect((err as StreamError).stream).toBe('fragile');
  });

  it('names the failing stream of any object error, not of primitives', () => {
    expect(failedStream(new Error('unrelated'))).toBeUndefined();
    expect(failedStream('a string')).toBeUndefined();
    expect(failedStream(new StreamError('x', 'named'))).toBe('named');
  });
});

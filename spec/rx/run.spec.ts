import { delay, lastValueFrom, NEVER, Observable, of } from 'rxjs';
import { countingScheduler } from '../reliability/support/teardown';
import { DeadlockError, Stream, StreamError, WiringError, Workflow, collect, failedStream } from '../../src/index';

describe('workflow.run$', () => {
  it('is cold: nothing runs until subscribed, then it completes with the run', async () => {
    const wf = new Workflow();
    const sink = collect<number>();
    wf.addSource([1, 2, 3]).pipe(wf.addStream(sink));
    const run$ = wf.run$();
    expect(sink.items).toEqual([]);
    await lastValueFrom(run$, { defaultValue: 'done' });
    expect(sink.items).toEqual([1, 2, 3]);
  });

  it('errors with the stream error', async () => {
    const wf = new Workflow();
    wf.addSource([1]).pipe(
      wf.addStream(
        new Stream({
          name: 'bad',
          ins: ['in'],
          fn: () => {
            throw new Error('no');
          },
        }),
      ),
    );
    const err = await lastValueFrom(wf.run$()).then(
      () => null,
      (e: unknown) => e,
    );
    // As thrown, not wrapped; the stream is named by failedStream.
    expect(err).not.toEqual(jasmine.any(StreamError));
    expect((err as Error).message).toBe('no');
    expect(failedStream(err)).toBe('bad');
  });

  it('errors with a DeadlockError when nothing can progress', async () => {
    const wf = new Workflow();
    wf.addStream(new Stream({ name: 'waits', ins: ['in'], outs: ['out'] })).output('out');
    const loop = wf.addStream(new Stream({ name: 'a', ins: ['in'], outs: ['out'] }));
    loop.pipe(loop);
    const err = await lastValueFrom(wf.run$()).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toEqual(jasmine.any(DeadlockError));
  });

  it('a second subscription errors: a workflow runs once', async () => {
    const wf = new Workflow();
    wf.addSource([1]).pipe(wf.addStream(collect()));
    await lastValueFrom(wf.run$(), { defaultValue: 0 });
    const err = await lastValueFrom(wf.run$()).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toEqual(jasmine.any(WiringError));
  });

  it('unsubscribing aborts silently: streams finalized, sources unsubscribed, no timer left', async () => {
    // Timers are counted on the scheduler the run and its operator use, not process-wide: other specs' and
    // jasmine's own timers come and go while this one runs.
    const clock = countingScheduler();
    const events: string[] = [];
    const wf = new Workflow({ scheduler: clock });
    const source = new Observable<number>((s) => {
      s.next(1);
      return () => events.push('source unsubscribed');
    });
    const slow = wf.addStream(Stream.fromOperator(delay<number>(60_000, clock), { name: 'slow' }));
    wf.addSource(source)
      .pipe(slow)
      .pipe(wf.addStream(new Stream({ ins: ['in'], finalize: () => events.push('sink finalized') })));
    const outcome: string[] = [];
    const sub = wf.run$().subscribe({ complete: () => outcome.push('complete'), error: () => outcome.push('error') });
    await new Promise((r) => setImmediate(r));
    expect(clock.pending()).toBeGreaterThan(0);
    sub.unsubscribe();
    expect(events.sort()).toEqual(['sink finalized', 'source unsubscribed']);
    expect(outcome).toEqual([]);
    expect(clock.pending()).toBe(0);
  });

  it('an Observable source that never completes keeps the run open without a deadlock', async () => {
    const wf = new Workflow();
    wf.addSource(NEVER).pipe(wf.addStream(collect()));
    const outcome: string[] = [];
    const sub = wf
      .run$()
      .subscribe({ complete: () => outcome.push('complete'), error: (e: Error) => outcome.push(e.name) });
    await new Promise((r) => setImmediate(r));
    expect(outcome).toEqual([]);
    sub.unsubscribe();
  });

  it('run() and run$() agree on completion', async () => {
    const wf = new Workflow();
    const sink = collect<number>();
    wf.addSource(of(1, 2)).pipe(wf.addStream(sink));
    await wf.run();
    expect(sink.items).toEqual([1, 2]);
  });
});

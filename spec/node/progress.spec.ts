import { NEVER, VirtualAction, VirtualTimeScheduler, concat, interval, of, take } from 'rxjs';
import { Stream, WiringError, Workflow, collect, fromIterable, type MetricsSnapshot } from '../../src/index';
import { countingScheduler, timerCounts, timerProblems } from '../reliability/support/teardown';
import { progress, progressLine } from '../../src/node/index';

function snapshot(
  time: number,
  delivered: number,
  size: number,
  status: MetricsSnapshot['status'] = 'running',
): MetricsSnapshot {
  return {
    time,
    status,
    streams: [
      {
        name: 'source',
        state: 'idle',
        sink: false,
        runs: 1,
        itemsIn: 0,
        itemsOut: delivered + size,
        busy: 0,
        skipped: 0,
        worker: null,
      },
      {
        name: 'sink',
        state: 'idle',
        sink: true,
        runs: 1,
        itemsIn: delivered,
        itemsOut: 0,
        busy: 0,
        skipped: 0,
        worker: null,
      },
    ],
    connections: [
      {
        from: 'source.out',
        to: 'sink.in',
        size,
        capacity: 64,
        fill: size / 64,
        passed: delivered,
        peak: 64,
        timesFull: 3,
        dropped: 0,
        state: 'open',
      },
    ],
  };
}

describe('progress', () => {
  it('formats the time, status, items at the sinks per second and the fullest connection', () => {
    expect(progressLine(snapshot(3000, 30000, 0), snapshot(2000, 18000, 64), 1000)).toBe(
      'rx-mimo 2.0s running | sinks 30,000 items (12,000/s) | bottleneck sources (buffers empty)',
    );
    expect(progressLine(snapshot(3000, 30000, 48), snapshot(2000, 18000, 64), 1000)).toBe(
      'rx-mimo 2.0s running | sinks 30,000 items (12,000/s) | bottleneck sink.in 48/64 (75%)',
    );
    expect(progressLine(snapshot(5000, 40000, 0, 'completed'), null, 1000, 'logs')).toBe(
      'logs 4.0s completed | sinks 40,000 items (10,000/s avg) | most often full sink.in (3 times)',
    );
  });

  it('writes a plain line when the output is not a TTY', async () => {
    const workflow = new Workflow({ capacity: 4 });
    const sink = collect<number>();
    workflow
      .addStream(fromIterable([1, 2, 3, 4, 5]))
      .pipe(
        workflow.addStream(new Stream<{ in: number }, { out: number }>({ name: 'pass', ins: ['in'], outs: ['out'] })),
      )
      .pipe(workflow.addStream(sink));
    const written: string[] = [];
    progress(workflow, { output: { write: (t) => written.push(t) }, interval: 60000 });
    await workflow.run();
    expect(written.length).toBe(1);
    expect(written[0]).toMatch(
      /^rx-mimo \d+\.\ds completed \| sinks 5 items \((\d[\d,]*\/s avg|-\/s)\) \| most often full pass\.in \(\d+ times\)\n$/,
    );
  });

  it('rewrites one line in place on a TTY and ends it when the run ends', async () => {
    const workflow = new Workflow();
    workflow.addStream(fromIterable([1, 2, 3])).pipe(workflow.addStream(collect()));
    const written: string[] = [];
    progress(workflow, { output: { write: (t) => written.push(t), isTTY: true, columns: 30 }, interval: 60000 });
    await workflow.run();
    expect(written.length).toBe(1);
    expect(written[0].startsWith('\r\x1b[Krx-mimo ')).toBe(true);
    expect(written[0].endsWith('…\n')).toBe(true);
    expect(written[0].length).toBe('\r\x1b[K'.length + 29 + 1);
  });

  it('rewrites the live line at each interval of the workflow scheduler while the run goes on', async () => {
    const scheduler = new VirtualTimeScheduler(VirtualAction, 1000);
    const workflow = new Workflow({ scheduler });
    workflow.addSource(interval(30, scheduler).pipe(take(3))).pipe(workflow.addStream(collect()));
    const written: string[] = [];
    progress(workflow, { output: { write: (t) => written.push(t), isTTY: true }, interval: 40 });
    const run = workflow.run();
    scheduler.flush();
    await run;
    expect(written).toEqual([
      '\r\x1b[Krx-mimo 0.0s running | sinks 1 items (25/s avg) | bottleneck sources (buffers empty)',
      '\r\x1b[Krx-mimo 0.1s running | sinks 2 items (25/s) | bottleneck sources (buffers empty)',
      '\r\x1b[Krx-mimo 0.1s completed | sinks 3 items (33/s avg) | no buffer was ever full\n',
    ]);
  });

  it('keeps nothing alive and writes nothing when the run never starts', async () => {
    const before = timerCounts();
    const workflow = new Workflow();
    workflow.addStream(fromIterable([1, 2, 3])).pipe(workflow.addStream(collect()));
    const written: string[] = [];
    const subscription = progress(workflow, { output: { write: (t) => written.push(t) } });
    await expectAsync(workflow.run({ sginal: null } as never)).toBeRejectedWithError(WiringError);
    expect(timerProblems(before)).toEqual([]);
    expect(written).toEqual([]);
    subscription.unsubscribe();
  });

  it('writes its last line and leaves no timer at once when run$ is unsubscribed', async () => {
    // Real timers, counted on the run's own scheduler, and a clock that stands still so that the line is exact.
    const scheduler = countingScheduler(() => 0);
    const workflow = new Workflow({ capacity: 4, scheduler });
    workflow.addSource(concat(of(1, 2, 3), NEVER)).pipe(workflow.addStream(collect()));
    const written: string[] = [];
    const subscription = progress(workflow, { output: { write: (t) => written.push(t) }, interval: 60_000 });
    const run = workflow.run$().subscribe();
    await new Promise<void>((resolve) => setImmediate(resolve));
    expect(scheduler.pending()).toBeGreaterThan(0);
    run.unsubscribe();
    expect(written).toEqual(['rx-mimo 0.0s aborted | sinks 3 items (-/s) | no buffer was ever full\n']);
    expect(subscription.closed).toBe(true);
    expect(scheduler.pending()).toBe(0);
  });
});

import {
  VirtualAction,
  VirtualTimeScheduler,
  asyncScheduler,
  interval,
  lastValueFrom,
  take,
  toArray,
  type SchedulerLike,
} from 'rxjs';
import { Stream, WiringError, Workflow, collect, fromIterable } from '../../src/index';
import { timerCounts, timerProblems } from '../reliability/support/teardown';

/** A source of `n` numbers, a doubling stream, and a sink that keeps them. */
function pipeline(n: number, capacity = 4) {
  const workflow = new Workflow({ capacity });
  const double = new Stream<{ in: number }, { out: number }>({
    name: 'double',
    ins: ['in'],
    outs: ['out'],
    fn: (ins, outs) => {
      while (ins.in.size > 0) if (!outs.out.push(ins.in.pop() * 2)) return true;
    },
  });
  const sink = collect<number>();
  workflow
    .addStream(
      fromIterable(
        Array.from({ length: n }, (_, i) => i),
        { name: 'numbers' },
      ),
    )
    .pipe(workflow.addStream(double))
    .pipe(workflow.addStream(sink));
  return { workflow, sink };
}

describe('workflow.metrics', () => {
  it('ends with a final snapshot of every stream and connection', async () => {
    const { workflow } = pipeline(100);
    const all = lastValueFrom(workflow.metrics(1000).pipe(toArray()));
    await workflow.run();
    const snapshots = await all;
    const last = snapshots[snapshots.length - 1];
    expect(last.status).toBe('completed');
    expect(last.streams.map((s) => [s.name, s.state, s.itemsIn, s.itemsOut])).toEqual([
      ['numbers', 'finished', 0, 100],
      ['double', 'finished', 100, 100],
      ['collect', 'finished', 100, 0],
    ]);
    expect(
      last.connections.map((c) => [c.from, c.to, c.size, c.capacity, c.passed, c.peak, c.dropped, c.state]),
    ).toEqual([
      ['numbers.out', 'double.in', 0, 4, 100, 4, 0, 'closed'],
      ['double.out', 'collect.in', 0, 4, 100, 4, 0, 'closed'],
    ]);
    expect(last.connections.every((c) => c.timesFull > 0 && c.fill === 0)).toBe(true);
    expect(last.streams.every((s) => s.runs > 0 && s.busy >= 0)).toBe(true);
  });

  it('samples on the workflow scheduler at the chosen interval while the run goes on, then ends with the run', async () => {
    const scheduler = new VirtualTimeScheduler(VirtualAction, 1000);
    const workflow = new Workflow({ scheduler });
    const sink = collect<number>();
    workflow.addSource(interval(40, scheduler).pipe(take(4))).pipe(workflow.addStream(sink));
    const seen: [number, string, number][] = [];
    let completed = false;
    workflow.metrics(50).subscribe({
      next: (m) => seen.push([m.time, m.status, m.connections[0].passed]),
      complete: () => (completed = true),
    });
    const run = workflow.run();
    scheduler.flush();
    await run;
    expect(seen).toEqual([
      [50, 'running', 1],
      [100, 'running', 2],
      [150, 'running', 3],
      [160, 'completed', 4],
    ]);
    expect(completed).toBe(true);
  });

  describe('timers', () => {
    /** Scheduled actions of a virtual scheduler not yet run nor cancelled. */
    const live = (scheduler: VirtualTimeScheduler) => scheduler.actions.filter((a) => !a.closed).length;

    it('schedules nothing before the run starts, so a run that never starts keeps nothing alive', async () => {
      const scheduler = new VirtualTimeScheduler(VirtualAction, 1000);
      const workflow = new Workflow({ scheduler });
      workflow.addSource(interval(40, scheduler).pipe(take(2))).pipe(workflow.addStream(collect()));
      const seen: string[] = [];
      workflow.metrics(50).subscribe((m) => seen.push(`${m.time} ${m.status}`));
      expect(live(scheduler)).toBe(0);
      await expectAsync(workflow.run({ sginal: null } as never)).toBeRejectedWithError(
        WiringError,
        /^run\(options\): unknown option "sginal"/,
      );
      expect(live(scheduler)).toBe(0);
      expect(seen).toEqual([]);
      // The workflow did not start, so it can still run, and is watched from its start.
      const run = workflow.run();
      scheduler.flush();
      await run;
      expect(seen).toEqual(['50 running', '80 completed']);
    });

    it('with the default scheduler, holds no timer before the run starts', async () => {
      const before = timerCounts();
      const workflow = new Workflow();
      workflow.addStream(fromIterable([1, 2])).pipe(workflow.addStream(collect()));
      const subscription = workflow.metrics(1000).subscribe();
      await expectAsync(workflow.run({ sginal: null } as never)).toBeRejectedWithError(WiringError);
      expect(timerProblems(before)).toEqual([]);
      subscription.unsubscribe();
    });

    /** How the run of `endless` below ends, at virtual time 120. */
    type End = 'completes' | 'fails' | 'is aborted with a reason' | 'is aborted without a reason' | 'is unsubscribed';
    const ends: [End, string][] = [
      ['completes', 'completed'],
      ['fails', 'failed'],
      ['is aborted with a reason', 'aborted'],
      ['is aborted without a reason', 'aborted'],
      ['is unsubscribed', 'aborted'],
    ];

    for (const [end, status] of ends) {
      it(`ends with the last snapshot and clears its timer at once when the run ${end}`, async () => {
        const scheduler = new VirtualTimeScheduler(VirtualAction, 1000);
        const workflow = new Workflow({ scheduler });
        const ticks = interval(10, scheduler).pipe(take(end === 'completes' ? 12 : Infinity));
        const check = new Stream<{ in: number }, {}>({
          name: 'check',
          ins: ['in'],
          fn: (ins) => {
            while (ins.in.size > 0) if (ins.in.pop() === 11 && end === 'fails') throw new Error('eleven');
          },
        });
        workflow.addSource(ticks).pipe(workflow.addStream(check));
        const seen: string[] = [];
        let completedAt = -1;
        workflow.metrics(50).subscribe({
          next: (m) => seen.push(`${m.time} ${m.status}`),
          complete: () => (completedAt = scheduler.now()),
        });
        const controller = new AbortController();
        let outcome: Promise<unknown>;
        if (end === 'is unsubscribed') {
          const subscription = workflow.run$().subscribe({ error: () => {} });
          scheduler.schedule(() => subscription.unsubscribe(), 120);
          outcome = Promise.resolve();
        } else {
          outcome = workflow.run({ signal: controller.signal }).catch((err: unknown) => err);
          if (end === 'is aborted with a reason') scheduler.schedule(() => controller.abort(new Error('stop')), 120);
          if (end === 'is aborted without a reason') scheduler.schedule(() => controller.abort(), 120);
        }
        scheduler.flush();
        await outcome;
        expect(seen).toEqual(['50 running', '100 running', `120 ${status}`]);
        expect(completedAt).toBe(120);
        expect(live(scheduler)).toBe(0);
      });
    }

    it('with the default scheduler, leaves no timer once run$ is unsubscribed', async () => {
      const before = timerCounts();
      const workflow = new Workflow({ capacity: 4 });
      function* naturals() {
        for (let i = 0; ; i++) yield i;
      }
      workflow.addStream(fromIterable(naturals())).pipe(workflow.addStream(collect()));
      const statuses: string[] = [];
      let completed = false;
      workflow.metrics(60_000).subscribe({ next: (m) => statuses.push(m.status), complete: () => (completed = true) });
      const run = workflow.run$().subscribe();
      await new Promise<void>((resolve) => setImmediate(resolve));
      run.unsubscribe();
      expect(completed).toBe(true);
      expect(statuses).toEqual(['aborted']);
      expect(timerProblems(before)).toEqual([]);
    });
  });

  it('times runs only while someone watches', () => {
    const { workflow } = pipeline(10);
    expect(workflow.clock).toBeNull();
    const a = workflow.metrics(50).subscribe();
    const b = workflow.metrics(50).subscribe();
    expect(workflow.clock).not.toBeNull();
    a.unsubscribe();
    expect(workflow.clock).not.toBeNull();
    b.unsubscribe();
    expect(workflow.clock).toBeNull();
  });

  it('gives only the final snapshot to a subscriber that comes after the run', async () => {
    const { workflow } = pipeline(3);
    await workflow.run();
    const snapshots = await lastValueFrom(workflow.metrics$.pipe(toArray()));
    expect(snapshots.length).toBe(1);
    expect(snapshots[0].status).toBe('completed');
    expect(snapshots[0].streams.map((s) => s.itemsIn)).toEqual([0, 3, 3]);
  });

  it('reports a failed run', async () => {
    const workflow = new Workflow();
    workflow.addStream(
      new Stream({
        name: 'boom',
        outs: ['out'],
        fn: () => {
          throw new Error('no');
        },
      }),
    );
    const last = lastValueFrom(workflow.metrics(1000));
    await expectAsync(workflow.run()).toBeRejected();
    expect((await last).status).toBe('failed');
    expect((await last).streams[0].state).toBe('failed');
  });

  it('ends with an aborted snapshot when the run is stopped by unsubscribing from run$', async () => {
    const workflow = new Workflow({ capacity: 4 });
    function* naturals() {
      for (let i = 0; ; i++) yield i;
    }
    workflow.addStream(fromIterable(naturals())).pipe(workflow.addStream(collect()));
    const seen: string[] = [];
    const all = lastValueFrom(workflow.metrics(5).pipe(toArray()));
    const run = workflow.run$().subscribe();
    await new Promise<void>((resolve) => setTimeout(resolve, 20));
    run.unsubscribe();
    for (const m of await all) seen.push(m.status);
    expect(seen[seen.length - 1]).toBe('aborted');
    expect(seen.slice(0, -1).every((s) => s === 'running')).toBe(true);
  });

  it('rejects an interval that is not a positive number', () => {
    expect(() => new Workflow().metrics(0)).toThrowError(/expected a positive number of milliseconds; got 0/);
  });

  describe('busy time', () => {
    /** A scheduler whose clock moves only when a stream says so, and a workflow whose `work` stream takes 5 ms a run. */
    function timed() {
      let now = 0;
      const scheduler: SchedulerLike = { now: () => now, schedule: asyncScheduler.schedule.bind(asyncScheduler) };
      const workflow = new Workflow({ scheduler, capacity: 2 });
      const work = new Stream<{ in: number }, { out: number }>({
        name: 'work',
        ins: ['in'],
        outs: ['out'],
        fn: (ins, outs) => {
          now += 5;
          while (ins.in.size > 0) if (!outs.out.push(ins.in.pop())) return true;
        },
      });
      workflow
        .addStream(fromIterable([1, 2, 3, 4, 5, 6]))
        .pipe(workflow.addStream(work))
        .pipe(workflow.addStream(collect()));
      return workflow;
    }

    it('is the time spent in run, measured on the scheduler clock while metrics are watched', async () => {
      const workflow = timed();
      const last = lastValueFrom(workflow.metrics(1000));
      await workflow.run();
      const work = (await last).streams.find((s) => s.name === 'work')!;
      expect(work.runs).toBeGreaterThan(1);
      expect(work.busy).toBe(5 * work.runs);
      expect((await last).streams.filter((s) => s.name !== 'work').map((s) => s.busy)).toEqual([0, 0]);
    });

    it('is not measured while nobody watches', async () => {
      const workflow = timed();
      await workflow.run();
      const last = await lastValueFrom(workflow.metrics$);
      expect(last.streams.map((s) => s.busy)).toEqual([0, 0, 0]);
      expect(last.streams[1].runs).toBeGreaterThan(1);
    });
  });
});

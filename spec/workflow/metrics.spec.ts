import { VirtualAction, VirtualTimeScheduler, asyncScheduler, lastValueFrom, toArray, type SchedulerLike } from 'rxjs';
import { Stream, Workflow, collect, fromIterable } from '../../src/index';

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

  it('samples on the workflow scheduler at the chosen interval, then ends with the run', async () => {
    const scheduler = new VirtualTimeScheduler(VirtualAction, 160);
    const workflow = new Workflow({ scheduler });
    const sink = collect<number>();
    workflow.addStream(fromIterable([1, 2, 3])).pipe(workflow.addStream(sink));
    const seen: [number, string, number][] = [];
    let completed = false;
    workflow.metrics(50).subscribe({
      next: (m) => seen.push([m.time, m.status, m.connections[0].passed]),
      complete: () => (completed = true),
    });
    scheduler.flush();
    await workflow.run();
    expect(seen).toEqual([
      [50, 'idle', 0],
      [100, 'idle', 0],
      [150, 'idle', 0],
      [150, 'completed', 3],
    ]);
    expect(completed).toBe(true);
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

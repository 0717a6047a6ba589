import { asapScheduler, queueScheduler, type SchedulerLike } from 'rxjs';
import { DeadlockError, Stream, Workflow } from '../../src/index';
import { map, sink, source, upTo } from '../support/streams';

/** `scheduler`, with a clock that moves one millisecond at each reading: every pass ends a time slice. */
function everyPassYields(scheduler: SchedulerLike): SchedulerLike {
  let t = 0;
  return { now: () => t++, schedule: scheduler.schedule.bind(scheduler) as SchedulerLike['schedule'] };
}

/** A sink that takes one item per run and settles asynchronously, so the run ends outside any slice. */
function asyncSink(name = 'async'): Stream<{ in: number }, {}> & { items: number[] } {
  const s = new Stream<{ in: number }, {}>({
    name,
    ins: ['in'],
    fn: async (ins) => {
      await Promise.resolve();
      if (ins.in.size > 0) s.items.push(ins.in.pop());
      return ins.in.size > 0;
    },
  }) as Stream<{ in: number }, {}> & { items: number[] };
  s.items = [];
  return s;
}

async function linear(scheduler: SchedulerLike): Promise<{ sync: number[]; async: number[] }> {
  const wf = new Workflow({ capacity: 2, strict: true, scheduler, runsPerSlice: 1 });
  const src = wf.addStream(source(upTo(20)));
  const double = wf.addStream(map((x: number) => x * 2));
  const out = sink<number>();
  const slow = asyncSink();
  src.pipe(double);
  double.pipe(wf.addStream(out));
  double.pipe(wf.addStream(slow));
  await wf.run();
  return { sync: out.items, async: slow.items };
}

const doubled = upTo(20).map((x) => x * 2);

describe('engine continuations', () => {
  // queueScheduler runs an action at once when no queue is being flushed: the continuation
  // runs inside schedule(), before the engine could keep its cancel handle.
  for (const [name, scheduler] of [
    ['queueScheduler', queueScheduler],
    ['asapScheduler', asapScheduler],
  ] as const) {
    it(`run to completion on ${name}`, async () => {
      expect(await linear(scheduler)).toEqual({ sync: doubled, async: doubled });
    });

    it(`run to completion on ${name} when every pass ends a time slice`, async () => {
      expect(await linear(everyPassYields(scheduler))).toEqual({ sync: doubled, async: doubled });
    });
  }

  it('report a deadlock on a scheduler that runs continuations synchronously', async () => {
    const wf = new Workflow({ capacity: 2, scheduler: everyPassYields(queueScheduler), runsPerSlice: 1 });
    wf.addStream(source(upTo(5))).pipe(
      wf.addStream(new Stream<{ in: number }, {}>({ name: 'lazy', ins: ['in'], fn: () => undefined })),
    );
    const err: unknown = await wf.run().then(
      () => null,
      (e: unknown) => e,
    );
    expect(err instanceof DeadlockError && err.stuck.map((x) => `${x.stream}: ${x.state}`)).toEqual([
      'lazy: holding unread input',
      'source: waiting for room',
    ]);
  });
});

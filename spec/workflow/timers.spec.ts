import { TestScheduler } from 'rxjs/testing';
import { Stream, Workflow, collect, fromIterable, type StreamContext } from '../../src/index';
import { quiesce, timerCounts } from '../reliability/support/teardown';

/** Emits each input item `ms` after it arrived, on the workflow's clock; records when. */
function delayed(ms: number, log: string[]): Stream<{ in: number }, { out: number }> {
  const due: { at: number; item: number }[] = [];
  const s: Stream<{ in: number }, { out: number }> = new Stream<{ in: number }, { out: number }>({
    name: 'delayed',
    ins: ['in'],
    outs: ['out'],
    fn: (ins, outs) => {
      const context = s.context as StreamContext;
      const now = context.now();
      while (ins.in.size > 0) {
        due.push({ at: now + ms, item: ins.in.pop() });
        context.wakeAfter(ms);
      }
      while (due.length > 0 && due[0].at <= now && !outs.out.full) {
        log.push(`${now}: ${due[0].item}`);
        outs.out.push(due.shift()!.item);
      }
      return due.length > 0 && due[0].at <= now;
    },
  });
  return s;
}

describe('StreamContext timers', () => {
  it('wake a stream after a delay of the workflow clock: virtual time under a TestScheduler', () => {
    const scheduler = new TestScheduler((a, b) => expect(a).toEqual(b));
    scheduler.run(() => {
      const log: string[] = [];
      const wf = new Workflow({ scheduler });
      const sink = collect<number>();
      wf.addStream(fromIterable([1, 2, 3]))
        .pipe(wf.addStream(delayed(10, log)))
        .pipe(wf.addStream(sink));
      let done = false;
      wf.run$().subscribe({ complete: () => (done = true) });
      scheduler.flush();
      expect(done).toBe(true);
      expect(log).toEqual(['10: 1', '10: 2', '10: 3']);
      expect(sink.items).toEqual([1, 2, 3]);
    });
  });

  it('count as pending work, never as a deadlock, and leave no timer when the stream ends', async () => {
    const before = timerCounts();
    const log: string[] = [];
    const wf = new Workflow();
    const sink = collect<number>();
    wf.addStream(fromIterable([5]))
      .pipe(wf.addStream(delayed(20, log)))
      .pipe(wf.addStream(sink));
    await wf.run();
    expect(sink.items).toEqual([5]);
    expect(log.length).toBe(1);
    await quiesce();
    expect(timerCounts().Timeout).toBeLessThanOrEqual(before.Timeout);
  });

  it('are cancelled when the run is aborted', async () => {
    const before = timerCounts();
    const wf = new Workflow();
    let fired = 0;
    const s = new Stream<{}, { out: number }>({
      outs: ['out'],
      fn: () => {
        (s.context as StreamContext).wakeAfter(60_000);
        fired++;
        return false;
      },
    });
    wf.addStream(s).pipe(wf.addStream(collect<number>()));
    const controller = new AbortController();
    const run = wf.run({ signal: controller.signal }).catch((e: unknown) => e);
    await quiesce();
    expect(timerCounts().Timeout).toBe(before.Timeout + 1);
    controller.abort();
    await run;
    expect(timerCounts().Timeout).toBe(before.Timeout);
    expect(fired).toBe(1);
  });

  it('are counted in metrics as skipped items when a stream says so', async () => {
    const wf = new Workflow();
    const s = new Stream<{ in: number }, {}>({
      name: 'skipper',
      ins: ['in'],
      fn: (ins) => {
        while (ins.in.size > 0) if (ins.in.pop() % 2 === 0) (s.context as StreamContext).skipped();
      },
    });
    wf.addStream(fromIterable([1, 2, 3, 4, 5, 6])).pipe(wf.addStream(s));
    const snapshots: number[] = [];
    wf.metrics(1000).subscribe((m) => snapshots.push(m.streams.find((x) => x.name === 'skipper')!.skipped));
    await wf.run();
    expect(snapshots[snapshots.length - 1]).toBe(3);
  });
});

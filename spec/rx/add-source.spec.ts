import { Observable, asapScheduler, delay, of, range, type SchedulerLike } from 'rxjs';
import { Workflow, Stream, collect, StreamError } from '../../src/index';
import type { Inputs } from '../../src/index';

/** A sink that takes nothing until `open` is set: its connection fills. */
function gate<T>(name = 'gate') {
  const state = { open: false, items: [] as T[] };
  const stream = new Stream<{ in: T }, {}, typeof state>({
    name,
    ins: ['in'],
    state,
    fn: (ins: Inputs<{ in: T }>, _outs, st) => {
      while (st.open && ins.in.size > 0) st.items.push(ins.in.pop());
      return st.open ? false : undefined;
    },
  });
  return { stream, state };
}

describe('workflow.addSource', () => {
  it('pulls an array lazily', async () => {
    const wf = new Workflow({ capacity: 2 });
    const sink = collect<number>();
    wf.addSource([1, 2, 3]).pipe(wf.addStream(sink));
    await wf.run();
    expect(sink.items).toEqual([1, 2, 3]);
  });

  it('calls a generator function once and pulls an endless generator only while there is room', async () => {
    let calls = 0;
    let pulled = 0;
    const wf = new Workflow({ capacity: 4 });
    const take = new Stream<{ in: number }, { out: number }, { n: number }>({
      ins: ['in'],
      outs: ['out'],
      state: { n: 0 },
      fn: (ins, outs, st) => {
        while (ins.in.size > 0 && st.n < 10) {
          st.n++;
          outs.out.push(ins.in.pop());
        }
        if (st.n === 10) {
          outs.out.close();
          ins.in.cancel();
        }
      },
    });
    const sink = collect<number>();
    wf.addSource(function* () {
      calls++;
      for (let i = 0; ; i++) {
        pulled++;
        yield i;
      }
    })
      .pipe(wf.addStream(take))
      .pipe(wf.addStream(sink));
    await wf.run();
    expect(sink.items).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(calls).toBe(1);
    expect(pulled).toBeLessThanOrEqual(10 + 4 + 1);
  });

  it('pulls an async generator function', async () => {
    const wf = new Workflow({ capacity: 2 });
    const sink = collect<string>();
    wf.addSource(async function* () {
      yield 'a';
      yield 'b';
      yield 'c';
    }).pipe(wf.addStream(sink));
    await wf.run();
    expect(sink.items).toEqual(['a', 'b', 'c']);
  });

  it('subscribes a Promise', async () => {
    const wf = new Workflow();
    const sink = collect<number>();
    wf.addSource(Promise.resolve(42)).pipe(wf.addStream(sink));
    await wf.run();
    expect(sink.items).toEqual([42]);
  });

  it('drains downstream synchronously while a synchronous Observable emits past capacity', async () => {
    const wf = new Workflow({ capacity: 64 });
    const sink = collect<number>();
    const src = wf.addSource(range(1, 1000));
    src.pipe(wf.addStream(sink));
    await wf.run();
    expect(sink.items.length).toBe(1000);
    expect(sink.items[999]).toBe(1000);
    expect(src.outputPort('out').conns[0].peak).toBeLessThanOrEqual(64);
  });

  it('completes when a synchronous Observable emits after the time slice ended (continuations, no false deadlock)', async () => {
    let clock = 0;
    const scheduler = { now: () => clock, schedule: asapScheduler.schedule.bind(asapScheduler) } as SchedulerLike;
    const wf = new Workflow({ scheduler });
    const sink = collect<number>();
    // The slice ends while subscribing: its items wait for a scheduled continuation.
    const late = new Observable<number>((s) => {
      clock += 100;
      s.next(1);
      s.next(2);
      s.complete();
    });
    wf.addSource(late)
      .pipe(wf.addStream(Stream.fromOperator(delay<number>(1))))
      .pipe(wf.addStream(sink));
    await wf.run();
    expect(sink.items).toEqual([1, 2]);
  });

  it("fails naming the source and the capacity when an Observable overflows under 'error'", async () => {
    const wf = new Workflow({ capacity: 2 });
    const { stream } = gate<number>('slow');
    wf.addSource(of(1, 2, 3), { name: 'numbers' }).pipe(wf.addStream(stream));
    const err = await wf.run().then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toEqual(jasmine.any(StreamError));
    expect((err as StreamError).stream).toBe('numbers');
    expect((err as Error).message).toContain('numbers.out was full: slow.in (capacity 2)');
  });

  it('unsubscribes an Observable when the run is aborted', async () => {
    let unsubscribed = 0;
    const wf = new Workflow();
    const source = new Observable<number>((s) => {
      s.next(1);
      s.next(2);
      return () => unsubscribed++;
    });
    const src = wf.addSource(source);
    const seen: number[] = [];
    const controller = new AbortController();
    let tapError = '';
    wf.output$(src.output('out')).subscribe({
      next: (n) => {
        seen.push(n);
        if (n === 2) controller.abort();
      },
      error: (e: Error) => (tapError = e.name),
    });
    const result = await wf.run({ signal: controller.signal }).then(
      () => 'completed',
      (e: Error) => e.name,
    );
    expect(result).toBe('AbortError');
    expect(seen).toEqual([1, 2]);
    expect(unsubscribed).toBe(1);
    expect(tapError).toBe('AbortError');
  });

  it('rejects an unknown overflow policy and a function that returns no iterable', () => {
    const wf = new Workflow();
    expect(() => wf.addSource(of(1), { overflow: 'drop' as never })).toThrowError(/overflow.*'error', 'drop-newest'/);
    expect(() => wf.addSource((() => 3) as never)).toThrowError(/generator function or return an Iterable/);
  });
});

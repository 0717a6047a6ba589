/**
 * The RxJS boundary behaves as RxJS's own operators do: a synchronous source
 * is unsubscribed mid-burst when downstream stops, its errors arrive as
 * thrown, sources start in the order they were wired (the piped input
 * first), a synchronous pipeline delivers synchronously whatever the load,
 * `take(0)` subscribes to nothing, and an operator stream's queue is bounded.
 */
import {
  NEVER,
  Observable,
  concat as concatWith$,
  delay,
  interval,
  lastValueFrom,
  mergeMap,
  of,
  take as rxTake,
  toArray,
} from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import {
  MimoError,
  Stream,
  WiringError,
  Workflow,
  asOperator,
  collect,
  concat,
  failedStream,
  fromObservable,
  fromOperator,
  map,
  merge,
  take,
  toOperator,
  type Step,
} from '../../src/index';

/** An Observable that counts up synchronously while its subscriber is open, recording each value it makes. */
function counting(seen: number[], limit = Infinity): Observable<number> {
  return new Observable<number>((s) => {
    for (let i = 0; !s.closed && i < limit; i++) {
      seen.push(i);
      s.next(i);
    }
    if (!s.closed) s.complete();
  });
}

function single<A, B>(stream: Stream<{ in: A }, { out: B }>): () => Workflow {
  return () => {
    const wf = new Workflow();
    wf.addStream(stream);
    return wf;
  };
}

describe('the RxJS boundary', () => {
  it('unsubscribes a synchronous source mid-burst when downstream takes what it wants', async () => {
    const seen: number[] = [];
    const out = await lastValueFrom(
      counting(seen, 10).pipe(toOperator<number, number>(single(map((x: number) => x))), rxTake(3), toArray()),
    );
    expect(out).toEqual([0, 1, 2]);
    expect(seen).toEqual([0, 1, 2]);
  });

  it('stops an endless synchronous source that only take() bounds', async () => {
    const seen: number[] = [];
    const out = await lastValueFrom(
      counting(seen).pipe(toOperator<number, number>(single(map((x: number) => x * 2))), rxTake(3), toArray()),
    );
    expect(out).toEqual([0, 2, 4]);
    expect(seen).toEqual([0, 1, 2]);
  });

  it("unsubscribes a synchronous source added to a workflow when rx-mimo's own take() has what it wants", async () => {
    const seen: number[] = [];
    const wf = new Workflow();
    const sink = collect<number>();
    wf.addSource(counting(seen))
      .pipe(wf.addStream(take<number>(3)))
      .pipe(wf.addStream(sink));
    await wf.run();
    expect(sink.items).toEqual([0, 1, 2]);
    expect(seen).toEqual([0, 1, 2]);
  });

  it('fails the run with an error thrown inside the source during its synchronous burst, as thrown', async () => {
    const boom = new Error('in the burst');
    const burst = new Observable<number>((s) => {
      s.next(1);
      s.next(2);
      throw boom;
    });
    const err = await lastValueFrom(burst.pipe(toOperator<number, number>(single(map((x: number) => x))))).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBe(boom);
    expect(failedStream(err)).toBe('input in');
    const wf = new Workflow();
    wf.addSource(burst, { name: 'burst' }).pipe(wf.addStream(collect<number>()));
    const run = await wf.run().then(
      () => null,
      (e: unknown) => e,
    );
    expect((run as Error & { cause: unknown }).cause).toBe(boom);
  });

  it('starts sources in the order they were wired, the piped input first, as mergeWith does', async () => {
    const build = () => {
      const wf = new Workflow();
      const both = wf.addStream(merge(['piped', 'own']));
      wf.addSource(of(4, 5, 6, 7, 8), { name: 'own' })
        .output('out')
        .pipe(both.input('own'));
      return wf.expose({ in: both.input('piped'), out: both.output('out') });
    };
    const out = await lastValueFrom(of(1, 2, 3).pipe(toOperator<number, number>(build), toArray()));
    expect(out).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it("starts a workflow's own sources in the order they were added", async () => {
    const wf = new Workflow();
    const both = wf.addStream(merge(3));
    wf.addSource(of('a1', 'a2'), { name: 'a' }).output('out').pipe(both.input('in0'));
    wf.addSource(of('b1', 'b2'), { name: 'b' }).output('out').pipe(both.input('in2'));
    wf.addSource(of('c1'), { name: 'c' }).output('out').pipe(both.input('in1'));
    const sink = collect<string>();
    both.pipe(wf.addStream(sink));
    await wf.run();
    expect(sink.items).toEqual(['a1', 'a2', 'b1', 'b2', 'c1']);
  });

  it('delivers a synchronous pipeline synchronously, however large, as RxJS would', () => {
    const n = 20_000;
    const got: number[] = [];
    let completed = false;
    of(...Array.from({ length: n }, (_, i) => i))
      .pipe(toOperator<number, number>(single(map((x: number) => x + 1))))
      .subscribe({ next: (x) => got.push(x), complete: () => (completed = true) });
    // Nothing was left for later: every item, and the completion, arrived inside subscribe().
    expect(got.length).toBe(n);
    expect(got[n - 1]).toBe(n);
    expect(completed).toBe(true);
  });

  it('take(0) completes at once and subscribes to nothing, as RxJS take(0) does', () => {
    let subscribed = 0;
    const never = new Observable<number>(() => {
      subscribed++;
    });
    let completed = false;
    never.pipe(toOperator<number, number>(single(take(0)))).subscribe({ complete: () => (completed = true) });
    expect(completed).toBe(true);
    expect(subscribed).toBe(0);
    let done = false;
    NEVER.pipe(toOperator<number, number>(single(take(0)))).subscribe({ complete: () => (done = true) });
    expect(done).toBe(true);
  });

  it('subscribes to a later input of concat only when its turn comes', async () => {
    const log: string[] = [];
    const later = (name: string, values: number[]) =>
      new Observable<number>((s) => {
        log.push(`subscribe ${name}`);
        for (const v of values) s.next(v);
        s.complete();
      });
    const wf = new Workflow();
    const sink = collect<number>();
    const c = wf.addStream(concat(2));
    wf.addSource(later('first', [1, 2]), { name: 'first' })
      .output('out')
      .pipe(c.input('in0'));
    wf.addSource(later('second', [3]), { name: 'second' })
      .output('out')
      .pipe(c.input('in1'));
    c.pipe(
      wf.addStream(
        new Stream<{ in: number }, {}>({
          name: 'log',
          ins: ['in'],
          fn: (ins) => {
            while (ins.in.size > 0) {
              const v = ins.in.pop();
              log.push(`got ${v}`);
              sink.items.push(v);
            }
          },
        }),
      ),
    );
    await wf.run();
    expect(log).toEqual(['subscribe first', 'got 1', 'got 2', 'subscribe second', 'got 3']);
  });

  describe('an operator stream', () => {
    function stalled(scheduler: TestScheduler, options: Parameters<typeof fromOperator>[1]) {
      const wf = new Workflow({ capacity: 2, scheduler });
      const ticks = fromOperator(
        mergeMap(() => interval(1, scheduler)),
        { name: 'ticks', ...options },
      );
      const step = wf.addSource(of(0)).pipe(wf.addStream(ticks));
      // A consumer that never reads: the output fills and stays full.
      step.pipe(wf.addStream(new Stream<{ in: number }, {}>({ name: 'stalled', ins: ['in'], fn: () => undefined })));
      return { wf, ticks };
    }

    it('fails, by default, once `queue` items it emitted on its own wait for room, naming how to choose otherwise', () => {
      const scheduler = new TestScheduler((a, b) => expect(a).toEqual(b));
      scheduler.run(() => {
        const { wf } = stalled(scheduler, { queue: 3 });
        let error: unknown = null;
        let at = -1;
        wf.run$().subscribe({
          error: (e: unknown) => {
            error = e;
            at = scheduler.now();
          },
        });
        scheduler.flush();
        expect(error).toEqual(jasmine.any(MimoError));
        expect((error as Error).message).toBe(
          'ticks: the operator emitted while ticks.out was full and 3 emitted items already waited for room. ' +
            'An operator cannot be paused: bound what it holds with { inFlight }, let more wait with { queue }, ' +
            "or choose { overflow: 'drop-newest' | 'drop-oldest' | 'unbounded' }.",
        );
        expect(failedStream(error)).toBe('ticks');
        // interval(1) emits item k at frame k + 1: two fill the connection, three wait, the sixth fails.
        expect(at).toBe(6);
      });
    });

    it("keeps the newest items under 'drop-oldest' and counts what it drops", () => {
      const scheduler = new TestScheduler((a, b) => expect(a).toEqual(b));
      scheduler.run(() => {
        const { wf, ticks } = stalled(scheduler, { queue: 3, overflow: 'drop-oldest' });
        const sub = wf.run$().subscribe();
        const state = (
          ticks as unknown as { state: { queue: number[]; head: number; dropped: number; peakQueued: number } }
        ).state;
        let waiting: number[] = [];
        scheduler.schedule(() => {
          waiting = state.queue.slice(state.head);
          sub.unsubscribe();
        }, 20);
        scheduler.flush();
        // Items 0 … 18 came at frames 1 … 19: two in the connection, the newest three waiting, fourteen dropped.
        expect(waiting).toEqual([16, 17, 18]);
        expect(state.dropped).toBe(14);
        expect(state.peakQueued).toBe(3);
      });
    });
  });

  describe('an item that waits for room', () => {
    /**
     * `make(scheduler)` emits 0, 1, 2 at frames 1, 2, 3 into a connection of capacity 1 drained by a
     * consumer that holds one item for 5 frames; nothing else happens (the sources never complete),
     * so the third item, which arrives while the connection is full, must leave when room comes.
     */
    function drained(make: (scheduler: TestScheduler, wf: Workflow) => Step<any, { out: number }>) {
      const scheduler = new TestScheduler((a, b) => expect(a).toEqual(b));
      const seen: string[] = [];
      scheduler.run(() => {
        const wf = new Workflow({ capacity: 1, scheduler });
        const producer = make(scheduler, wf);
        const slow = wf.addStream(fromOperator(delay<number>(5, scheduler), { name: 'slow', inFlight: 1 }));
        producer.output('out').pipe(slow.input('in'));
        wf.output$(slow.output('out')).subscribe((n) => seen.push(`${scheduler.now()}: ${n}`));
        const sub = wf.run$().subscribe();
        scheduler.schedule(() => sub.unsubscribe(), 30);
        scheduler.flush();
      });
      return seen;
    }
    const ticks = (scheduler: TestScheduler) => concatWith$(interval(1, scheduler).pipe(rxTake(3)), NEVER);

    it("leaves an Observable source under 'unbounded' as soon as room comes, not at the source's next item", () => {
      expect(
        drained((scheduler, wf) =>
          wf.addStream(fromObservable(ticks(scheduler), { name: 'ticks', overflow: 'unbounded' })),
        ),
      ).toEqual(['6: 0', '11: 1', '16: 2']);
    });

    it('leaves an operator stream as soon as room comes, not at its next input', () => {
      expect(
        drained((scheduler, wf) => {
          const ops = wf.addStream(
            fromOperator(
              mergeMap(() => ticks(scheduler)),
              { name: 'ticks' },
            ),
          );
          wf.addSource(concatWith$(of(0), NEVER), { name: 'one' }).pipe(ops);
          return ops;
        }),
      ).toEqual(['6: 0', '11: 1', '16: 2']);
    });
  });

  describe('options', () => {
    const cases: [string, () => unknown, string][] = [
      [
        'addSource',
        () => new Workflow().addSource(of(1), { overflw: 'error' } as never),
        'addSource(input, options): unknown option "overflw"; did you mean "overflow"? The options are: name, overflow.',
      ],
      [
        'fromObservable',
        () => fromObservable(of(1), { nme: 'x' } as never),
        'fromObservable(input, options): unknown option "nme"; did you mean "name"? The options are: name, overflow.',
      ],
      [
        'fromOperator',
        () =>
          fromOperator(
            mergeMap(() => of(1)),
            { inflight: 2 } as never,
          ),
        'Stream.fromOperator(op, options): unknown option "inflight"; did you mean "inFlight"? The options are: name, inFlight, overflow, queue.',
      ],
      [
        'toOperator',
        () => toOperator(() => new Workflow(), { overflw: 'error' } as never),
        'toOperator(build, options): unknown option "overflw"; did you mean "overflow"? The options are: overflow.',
      ],
      [
        'asOperator',
        () => asOperator(() => new Workflow(), { overflw: 'error' } as never),
        'asOperator(build, options): unknown option "overflw"; did you mean "overflow"? The options are: overflow.',
      ],
    ];
    for (const [what, call, message] of cases) {
      it(`${what} refuses a misspelt option, naming the closest one`, () => {
        expect(call).toThrowMatching((e) => e instanceof WiringError && e.message === message);
      });
    }
  });
});

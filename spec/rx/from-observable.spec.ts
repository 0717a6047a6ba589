import { Observable, Subject, of, throwError } from 'rxjs';
import { Stream, StreamError, WiringError, Workflow, collect, fromObservable, type Overflow } from '../../src/index';
import type { Inputs } from '../../src/index';

/** A sink that takes nothing from `in` until an item arrives on `key`, so its connection fills. */
function gate<T>() {
  const state = { open: false, items: [] as T[] };
  const stream = new Stream<{ in: T; key: boolean }, {}, typeof state>({
    name: 'gate',
    ins: ['in', 'key'],
    state,
    fn: (ins: Inputs<{ in: T; key: boolean }>, _outs, st) => {
      while (ins.key.size > 0) st.open = ins.key.pop();
      while (st.open && ins.in.size > 0) st.items.push(ins.in.pop());
    },
  });
  return { stream, state };
}

/** Emits 1..5 into a gate of capacity 2, then opens the gate and completes. */
async function overflow(policy: Overflow, strict = false) {
  const subject = new Subject<number>();
  const key = new Subject<boolean>();
  const wf = new Workflow({ capacity: 2, strict });
  const source = fromObservable(subject, { name: 'numbers', overflow: policy });
  const { stream, state } = gate<number>();
  const sink = wf.addStream(stream);
  wf.addStream(source).output('out').pipe(sink.input('in'));
  wf.addStream(fromObservable(key, { name: 'key' }))
    .output('out')
    .pipe(sink.input('key'));
  const dropped: number[] = [];
  source.dropped$.subscribe((n) => dropped.push(n));
  const done = wf.run();
  for (let n = 1; n <= 5; n++) subject.next(n);
  const peak = sink.inputPort('in').conn.peak;
  subject.complete();
  key.next(true);
  key.complete();
  await done;
  return { items: state.items, dropped, count: source.dropped, queued: source.peakQueued, peak };
}

describe('fromObservable', () => {
  it('one, many, and an empty Observable', async () => {
    for (const items of [[], [1], [1, 2, 3, 4, 5]]) {
      const wf = new Workflow();
      const sink = collect<number>();
      wf.addStream(fromObservable(of(...items))).pipe(wf.addStream(sink));
      await wf.run();
      expect(sink.items).toEqual(items);
    }
  });

  it('each overflow policy, counted and observable', async () => {
    expect(await overflow('drop-newest')).toEqual({ items: [1, 2], dropped: [3, 4, 5], count: 3, queued: 0, peak: 2 });
    expect(await overflow('drop-oldest')).toEqual({ items: [4, 5], dropped: [1, 2, 3], count: 3, queued: 0, peak: 2 });
    // 'unbounded' queues in the source: the connection stays within capacity, even in strict mode.
    expect(await overflow('unbounded', true)).toEqual({
      items: [1, 2, 3, 4, 5],
      dropped: [],
      count: 0,
      queued: 3,
      peak: 2,
    });
  });

  it('fails with the Observable error (or a Promise rejection), naming the source', async () => {
    for (const input of [throwError(() => new Error('gone')), Promise.reject(new Error('gone'))]) {
      const wf = new Workflow();
      wf.addStream(fromObservable(input, { name: 'remote' })).pipe(wf.addStream(collect()));
      const err = await wf.run().then(
        () => null,
        (e: unknown) => e,
      );
      expect(err).toEqual(jasmine.any(StreamError));
      expect((err as Error).message).toBe('stream "remote" failed: gone');
    }
  });

  it('unsubscribes when every consumer cancels', async () => {
    let unsubscribed = 0;
    const subject = new Subject<number>();
    const wf = new Workflow();
    const source = new Observable<number>((s) => {
      const sub = subject.subscribe(s);
      return () => {
        unsubscribed++;
        sub.unsubscribe();
      };
    });
    const first = new Stream<{ in: number }, {}>({
      ins: ['in'],
      fn: (ins) => {
        if (ins.in.closed) return;
        if (ins.in.size > 0) {
          ins.in.cancel();
          return true;
        }
      },
    });
    wf.addStream(fromObservable(source)).pipe(wf.addStream(first));
    const done = wf.run();
    subject.next(1);
    subject.next(2);
    await done;
    expect(unsubscribed).toBe(1);
  });

  it('rejects a bad input or policy', () => {
    expect(() => fromObservable(42 as never)).toThrowError(WiringError, /expected an Observable, Promise, array/);
    expect(() => fromObservable(of(1), { overflow: 'lossy' as never })).toThrowError(WiringError, /got "lossy"/);
  });
});

import {
  bufferCount,
  delay,
  filter,
  finalize,
  map,
  mergeMap,
  of,
  range,
  scan,
  throwError,
  timer,
  type Observable,
} from 'rxjs';
import { Stream, StreamError, WiringError, Workflow, collect, fromOperator } from '../../src/index';
import { testStream } from '../../src/testing/index';

async function through<A, B>(stream: Stream<{ in: A }, { out: B }>, items: A[], capacity = 4) {
  const wf = new Workflow({ capacity });
  const sink = collect<B>();
  const step = wf.addStream(stream);
  wf.addSource(items).pipe(step).pipe(wf.addStream(sink));
  await wf.run();
  return { items: sink.items, step };
}

describe('Stream.fromOperator', () => {
  it('empty, one and many through map', async () => {
    const double = () => Stream.fromOperator(map((n: number) => n * 2));
    expect((await through(double(), [])).items).toEqual([]);
    expect((await through(double(), [1])).items).toEqual([2]);
    expect((await through(double(), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10])).items).toEqual([
      2, 4, 6, 8, 10, 12, 14, 16, 18, 20,
    ]);
  });

  it('runs under testStream, strict: never pushes past capacity', async () => {
    const out = await testStream(
      fromOperator(scan((acc: number, n: number) => acc + n, 0)),
      { in: [1, 2, 3, 4] },
      { capacity: 1 },
    );
    expect(out).toEqual({ out: [1, 3, 6, 10] });
  });

  it('filters and groups (bufferCount flushes its last group on completion)', async () => {
    expect((await through(fromOperator(filter((n: number) => n % 3 === 0)), [1, 2, 3, 4, 5, 6, 7])).items).toEqual([
      3, 6,
    ]);
    expect((await through(fromOperator(bufferCount<number>(3)), [1, 2, 3, 4, 5, 6, 7])).items).toEqual([
      [1, 2, 3],
      [4, 5, 6],
      [7],
    ]);
  });

  it('finishes only after an asynchronous operator completes', async () => {
    expect((await through(fromOperator(delay<number>(1)), [1, 2, 3])).items).toEqual([1, 2, 3]);
    const late = fromOperator(mergeMap((n: number) => (n === 1 ? timer(5).pipe(map(() => n)) : of(n))));
    expect((await through(late, [1, 2, 3])).items).toEqual([2, 3, 1]);
  });

  it('keeps an expansion waiting in its queue while the output is full, and takes no input meanwhile', async () => {
    const wf = new Workflow({ capacity: 2 });
    const sink = collect<number>();
    const fan = Stream.fromOperator(
      mergeMap((n: number) => range(n * 10, 5)),
      { name: 'fan' },
    );
    const source = wf.addSource([1, 2, 3]);
    source.pipe(wf.addStream(fan)).pipe(wf.addStream(sink));
    await wf.run();
    expect(sink.items).toEqual([10, 11, 12, 13, 14, 20, 21, 22, 23, 24, 30, 31, 32, 33, 34]);
    const state = (fan as unknown as { state: { peakQueued: number } }).state;
    // Five items per input; with one item still in the output, one fits and four wait.
    expect(state.peakQueued).toBe(4);
  });

  it('bounds items in flight with inFlight', async () => {
    const wf = new Workflow({ capacity: 8 });
    const sink = collect<number>();
    const slow = Stream.fromOperator(delay<number>(1), { name: 'slow', inFlight: 2 });
    const source = wf.addSource([...Array(20).keys()]);
    const step = source.pipe(wf.addStream(slow));
    step.pipe(wf.addStream(sink));
    await wf.run();
    expect(sink.items).toEqual([...Array(20).keys()]);
    const state = (slow as unknown as { state: { fed: number; emitted: number } }).state;
    expect([state.fed, state.emitted]).toEqual([20, 20]);
  });

  it('fails with the operator error, synchronous or not, naming the stream', async () => {
    const sync = fromOperator(
      map((n: number) => {
        if (n === 2) throw new Error('two');
        return n;
      }),
      { name: 'sync' },
    );
    const err1 = await through(sync, [1, 2, 3]).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err1).toEqual(jasmine.any(StreamError));
    expect((err1 as Error).message).toBe('stream "sync" failed: two');
    const later = fromOperator(
      mergeMap((n: number) => timer(1).pipe(mergeMap(() => throwError(() => new Error(`late ${n}`))))),
      { name: 'later' },
    );
    const err2 = await through(later, [1]).then(
      () => null,
      (e: unknown) => e,
    );
    expect((err2 as Error).message).toBe('stream "later" failed: late 1');
  });

  it('unsubscribes the operator when its consumer cancels', async () => {
    let unsubscribed = 0;
    const wf = new Workflow({ capacity: 2 });
    const watched = fromOperator((src$: Observable<number>) => src$.pipe(finalize(() => unsubscribed++)));
    const first = wf.addStream(
      new Stream<{ in: number }, {}>({
        ins: ['in'],
        fn: (ins) => {
          if (ins.in.closed) return;
          ins.in.pop();
          ins.in.cancel();
          return true;
        },
      }),
    );
    wf.addSource(function* () {
      for (let i = 0; ; i++) yield i;
    })
      .pipe(wf.addStream(watched))
      .pipe(first);
    await wf.run();
    expect(unsubscribed).toBe(1);
  });

  it('rejects what is not an operator', () => {
    expect(() => Stream.fromOperator(42 as never)).toThrowError(
      WiringError,
      /expected an RxJS OperatorFunction.*got number/,
    );
    expect(() =>
      Stream.fromOperator(
        map((x) => x),
        { inFlight: 0 },
      ),
    ).toThrowError(WiringError, /inFlight/);
  });

  it('is named after the option, then the function', () => {
    expect(
      Stream.fromOperator(
        map((x) => x),
        { name: 'm' },
      ).name,
    ).toBe('m');
    expect(
      Stream.fromOperator(function double(s) {
        return s;
      }).name,
    ).toBe('double');
    expect(of(1) && Stream.fromOperator((s) => s).name).toBe('fromOperator');
  });
});

import { lastValueFrom, of, Subject, throwError, toArray, Observable, delay } from 'rxjs';
import { Stream, WiringError, Workflow, failedStream, toOperator } from '../../src/index';

function doubling(onFinalize?: () => void): Workflow {
  const wf = new Workflow({ capacity: 2 });
  wf.addStream(
    new Stream<{ in: number }, { out: number }>({
      name: 'double',
      finalize: onFinalize,
      ins: ['in'],
      outs: ['out'],
      fn: (ins, outs) => {
        while (ins.in.size > 0 && !outs.out.full) outs.out.push(ins.in.pop() * 2);
      },
    }),
  );
  return wf;
}

describe('toOperator', () => {
  it('pipes an Observable through a workflow', async () => {
    expect(await lastValueFrom(of(1, 2, 3).pipe(toOperator<number, number>(doubling), toArray()))).toEqual([2, 4, 6]);
  });

  it('is cold: a factory gives each subscription its own run', async () => {
    const op$ = of(1, 2).pipe(toOperator<number, number>(doubling), toArray());
    expect(await lastValueFrom(op$)).toEqual([2, 4]);
    expect(await lastValueFrom(op$)).toEqual([2, 4]);
  });

  it('a workflow instance runs once; the second subscription errors with advice', async () => {
    const op$ = of(1).pipe(toOperator<number, number>(doubling()));
    expect(await lastValueFrom(op$)).toBe(2);
    const err = await lastValueFrom(op$).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toEqual(jasmine.any(WiringError));
    expect((err as Error).message).toContain('pass a factory');
  });

  it('keeps the source back-pressured through the drain: a large synchronous source fits a small capacity', async () => {
    const many = Array.from({ length: 500 }, (_, i) => i);
    const out = await lastValueFrom(of(...many).pipe(toOperator<number, number>(doubling), toArray()));
    expect(out.length).toBe(500);
    expect(out[499]).toBe(998);
  });

  it('forwards the source error and a stream error as they were thrown, naming where they came from', async () => {
    const src = new Error('src');
    const err1 = await lastValueFrom(throwError(() => src).pipe(toOperator(doubling))).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err1).toBe(src);
    expect(failedStream(err1)).toBe('input in');
    const err2 = await lastValueFrom(
      of(1).pipe(
        toOperator(() => {
          const wf = new Workflow();
          wf.addStream(
            new Stream({
              name: 'bad',
              ins: ['in'],
              outs: ['out'],
              fn: () => {
                throw new Error('bad');
              },
            }),
          );
          return wf;
        }),
      ),
    ).then(
      () => null,
      (e: unknown) => e,
    );
    expect((err2 as Error).message).toBe('bad');
    expect(failedStream(err2)).toBe('bad');
  });

  it('unsubscribing aborts the run and unsubscribes the source', () => {
    const input = new Subject<number>();
    let finalized = 0;
    const seen: number[] = [];
    const sub = input
      .pipe(toOperator<number, number>(() => doubling(() => finalized++)))
      .subscribe((n) => seen.push(n));
    input.next(1);
    expect(seen).toEqual([2]);
    expect(finalized).toBe(0);
    expect(input.observed).toBe(true);
    sub.unsubscribe();
    expect(input.observed).toBe(false);
    expect(finalized).toBe(1);
  });

  it('needs exactly one open input and one open output', async () => {
    const err = await lastValueFrom(of(1).pipe(toOperator(() => new Workflow()))).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toEqual(jasmine.any(WiringError));
    expect((err as Error).message).toContain(
      'exactly one open input and one open output; it has inputs none and outputs none',
    );
    expect(() => toOperator(42 as never)).toThrowError(WiringError, /expected a Workflow or a function returning one/);
  });

  it('works with an asynchronous operator stream inside', async () => {
    const out = await lastValueFrom(
      new Observable<number>((s) => {
        s.next(1);
        s.next(2);
        s.complete();
      }).pipe(
        toOperator<number, number>(() => {
          const wf = new Workflow();
          wf.addStream(Stream.fromOperator(delay<number>(1)));
          return wf;
        }),
        toArray(),
      ),
    );
    expect(out).toEqual([1, 2]);
  });
});

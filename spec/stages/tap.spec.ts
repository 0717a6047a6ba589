import { Subject } from 'rxjs';
import {
  StreamError,
  Workflow,
  collect,
  fromIterable,
  map,
  tap,
  take,
  WiringError,
  type TapObserver,
} from '../../src/index';
import { testStream } from '../../src/testing';
import { BOUNDED_TIMEOUT, boundedRun, earlyFinish, expectUpstreamError, peaks } from './support';

describe('stages/tap', () => {
  it('emits nothing and calls nothing for an empty input', async () => {
    const seen: number[] = [];
    expect(
      await testStream(
        tap((x: number) => seen.push(x)),
        { in: [] },
      ),
    ).toEqual({ out: [] });
    expect(seen).toEqual([]);
  });

  it('passes one item through after calling fn', async () => {
    const seen: number[] = [];
    expect(
      await testStream(
        tap((x: number) => seen.push(x)),
        { in: [7] },
      ),
    ).toEqual({ out: [7] });
    expect(seen).toEqual([7]);
  });

  it('passes many items through unchanged, calling fn with each and its index', async () => {
    const seen: string[] = [];
    const out = await testStream(
      tap((x: string, i: number) => seen.push(`${i}${x}`)),
      { in: ['a', 'b', 'c'] },
      { capacity: 1 },
    );
    expect(out).toEqual({ out: ['a', 'b', 'c'] });
    expect(seen).toEqual(['0a', '1b', '2c']);
  });

  it('finishes when downstream finishes early, and its endless upstream stops', async () => {
    const seen: number[] = [];
    const r = await earlyFinish(
      tap((x: number) => seen.push(x)),
      2,
      2,
    );
    expect(r.out).toEqual([0, 1]);
    expect(r.sourceFinished).toBe(true);
    expect(seen.length).toBeLessThanOrEqual(2 + 2 + 2);
  });

  it('lets an upstream error fail the workflow', async () => {
    await expectUpstreamError(tap(() => undefined));
  });

  it('fails naming the stage when fn throws', async () => {
    const stage = tap(() => {
      throw new Error('bad tap');
    });
    await expectAsync(testStream(stage, { in: [1] })).toBeRejectedWithError(/stream "tap" failed: bad tap/);
  });

  it('rejects what is neither a function nor an observer', () => {
    expect(() => tap(undefined as never)).toThrowMatching(
      (e) =>
        e instanceof WiringError &&
        e.message ===
          'tap(fnOrObserver): expected a function or an observer such as { next, complete }; got undefined. ' +
            'For example: tap((x) => console.log(x)).',
    );
  });

  it(
    'never buffers more than the capacity between a fast source and a slow sink',
    async () => {
      let count = 0;
      const { wf, received } = await boundedRun(
        tap(() => count++),
        { capacity: 16 },
      );
      expect(count).toBe(100_000);
      expect(received.out.length).toBe(100_000);
      expect(peaks(wf)).toEqual(['sink out.in 16', 'tap.in 16']);
    },
    BOUNDED_TIMEOUT,
  );

  describe("with an observer, as RxJS's tap", () => {
    /** An observer that logs every callback into `log` (`next` with its item and index). */
    function logging(log: string[], overrides: TapObserver<number> = {}): TapObserver<number> {
      return {
        subscribe: () => log.push('subscribe'),
        next: (x, i) => log.push(`next ${x} ${i}`),
        complete: () => log.push('complete'),
        error: (err: unknown) => log.push(`error ${(err as Error).message}`),
        unsubscribe: () => log.push('unsubscribe'),
        finalize: () => log.push('finalize'),
        ...overrides,
      };
    }

    /** A callback that logs `what`, then throws `new Error(message)`. */
    function throwing(log: string[], what: string, message: string): () => never {
      return () => {
        log.push(what);
        throw new Error(message);
      };
    }

    /** source → tap(observer) → collect, in a workflow of capacity 1; the run's outcome and what was collected. */
    async function runTap(
      items: Iterable<number>,
      observer: TapObserver<number>,
      after?: (wf: Workflow) => ReturnType<typeof map<number, number>>,
      signal?: AbortSignal,
    ): Promise<{ out: number[]; error: unknown }> {
      const wf = new Workflow({ capacity: 1, strict: true });
      const sink = collect<number>();
      let step = wf.addStream(fromIterable(items, { name: 'source' })).pipe(wf.addStream(tap(observer)));
      if (after !== undefined) step = step.pipe(wf.addStream(after(wf)));
      step.pipe(wf.addStream(sink));
      let error: unknown;
      await wf.run({ signal }).catch((e: unknown) => (error = e));
      return { out: sink.items, error };
    }

    it('hears subscribe, each item, complete, then finalize', async () => {
      const log: string[] = [];
      expect(await runTap([1, 2], logging(log))).toEqual({ out: [1, 2], error: undefined });
      expect(log).toEqual(['subscribe', 'next 1 0', 'next 2 1', 'complete', 'finalize']);
    });

    it('hears subscribe, complete and finalize for an empty input', async () => {
      const log: string[] = [];
      expect(await runTap([], logging(log))).toEqual({ out: [], error: undefined });
      expect(log).toEqual(['subscribe', 'complete', 'finalize']);
    });

    it('calls each callback as a method of the observer: a Subject fits', async () => {
      const subject = new Subject<number>();
      const seen: string[] = [];
      subject.subscribe({ next: (x) => seen.push(`${x}`), complete: () => seen.push('|') });
      expect(await runTap([1, 2], subject)).toEqual({ out: [1, 2], error: undefined });
      expect(seen).toEqual(['1', '2', '|']);
    });

    it('gives error the very value upstream threw, then finalize', async () => {
      const thrown = { reason: 'upstream broke' };
      function* failing(): Generator<number> {
        yield 1;
        throw thrown;
      }
      const errors: unknown[] = [];
      const log: string[] = [];
      const { out, error } = await runTap(failing(), logging(log, { error: (err: unknown) => errors.push(err) }));
      // The source failed on its second pull, before the sink ran.
      expect(out).toEqual([]);
      expect(error).toEqual(jasmine.any(StreamError));
      expect((error as StreamError).cause).toBe(thrown);
      expect(errors.length).toBe(1);
      expect(errors[0]).toBe(thrown);
      expect(log).toEqual(['subscribe', 'next 1 0', 'finalize']);
    });

    it('hears unsubscribe, not complete, when downstream cancels', async () => {
      const log: string[] = [];
      const { out, error } = await runTap([1, 2, 3, 4, 5, 6], logging(log), () => take<number>(2) as never);
      expect(out).toEqual([1, 2]);
      expect(error).toBeUndefined();
      expect(log).toEqual(['subscribe', 'next 1 0', 'next 2 1', 'unsubscribe', 'finalize']);
    });

    it('hears unsubscribe when the run is aborted', async () => {
      const controller = new AbortController();
      function* abortAfterTwo(): Generator<number> {
        yield 1;
        yield 2;
        controller.abort('enough');
        yield 3;
      }
      const log: string[] = [];
      const { out, error } = await runTap(abortAfterTwo(), logging(log), undefined, controller.signal);
      expect((error as Error).name).toBe('AbortError');
      expect(out).toEqual([1]);
      expect(log).toEqual(['subscribe', 'next 1 0', 'next 2 1', 'unsubscribe', 'finalize']);
    });

    it('calls nothing when it ends without having run', async () => {
      const controller = new AbortController();
      function* abortAtOnce(): Generator<number> {
        controller.abort('enough');
        yield 1;
      }
      const log: string[] = [];
      const { out, error } = await runTap(abortAtOnce(), logging(log), undefined, controller.signal);
      expect((error as Error).name).toBe('AbortError');
      expect(out).toEqual([]);
      expect(log).toEqual([]);
    });

    it('hears the error that failed the run downstream (RxJS would unsubscribe it)', async () => {
      const log: string[] = [];
      const broken = () =>
        map<number, number>((x) => {
          if (x === 2) throw new Error('downstream broke');
          return x;
        });
      const { out, error } = await runTap([1, 2, 3], logging(log), broken);
      expect(out).toEqual([1]);
      expect((error as StreamError).message).toBe('stream "map" failed: downstream broke');
      expect(log).toEqual(['subscribe', 'next 1 0', 'next 2 1', 'error downstream broke', 'finalize']);
    });

    it('fails when next throws, then hears unsubscribe (not error) and finalize, as in RxJS', async () => {
      const log: string[] = [];
      const bad = new Error('bad next');
      const observer = logging(log, {
        next: (x) => {
          log.push(`next ${x}`);
          if (x === 2) throw bad;
        },
      });
      const { out, error } = await runTap([1, 2, 3], observer);
      expect(out).toEqual([1]);
      expect((error as StreamError).message).toBe('stream "tap" failed: bad next');
      expect((error as StreamError).cause).toBe(bad);
      expect(log).toEqual(['subscribe', 'next 1', 'next 2', 'unsubscribe', 'finalize']);
    });

    it('fails when complete throws, then hears only finalize, as in RxJS', async () => {
      const log: string[] = [];
      const observer = logging(log, { complete: throwing(log, 'complete', 'bad complete') });
      const { out, error } = await runTap([1], observer);
      expect(out).toEqual([1]);
      expect((error as StreamError).message).toBe('stream "tap" failed: bad complete');
      expect(log).toEqual(['subscribe', 'next 1 0', 'complete', 'finalize']);
    });

    it('fails when subscribe throws, and calls nothing more, as in RxJS', async () => {
      const log: string[] = [];
      const observer = logging(log, { subscribe: throwing(log, 'subscribe', 'bad subscribe') });
      const { out, error } = await runTap([1], observer);
      expect(out).toEqual([]);
      expect((error as StreamError).message).toBe('stream "tap" failed: bad subscribe');
      expect(log).toEqual(['subscribe']);
    });

    it('calls finalize even when error throws, and the run keeps its first error', async () => {
      const log: string[] = [];
      function* failing(): Generator<number> {
        yield 1;
        throw new Error('upstream broke');
      }
      const observer = logging(log, { error: throwing(log, 'error', 'bad error callback') });
      const { error } = await runTap(failing(), observer);
      expect((error as StreamError).message).toBe('stream "source" failed: upstream broke');
      expect(log).toEqual(['subscribe', 'next 1 0', 'error', 'finalize']);
    });
  });
});

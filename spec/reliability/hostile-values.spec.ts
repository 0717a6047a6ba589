/**
 * Any value may be thrown, rejected or emitted as an error, and any thenable
 * may be returned: the run settles every time, a failure is a StreamError
 * whose `cause` is the very value, every stream is finalized once, and a
 * thenable counts as Promises/A+ (2.3.3) says it should.
 */
import * as fc from 'fast-check';
import { Observable, throwError } from 'rxjs';
import {
  AbortError,
  Stream,
  StreamError,
  Workflow,
  collect,
  fromIterable,
  map,
  mapAsync,
  type Inputs,
  type Outputs,
} from '../../src/index';
import { graphArb } from './support/graph';
import { buildGraph, problems as graphProblems } from './support/run-graph';
import { PROPERTY_TIMEOUT, assertProperty, within } from './support/property';
import { finalizeProblems, itemsTaken, observe, quiesce, timerCounts, timerProblems } from './support/teardown';

/** An Error whose `message` getter throws. */
function errorWithThrowingMessage(): Error {
  const err = new Error('hidden');
  Object.defineProperty(err, 'message', {
    get() {
      throw new Error('message getter');
    },
  });
  return err;
}

/** A Proxy whose every trap throws: not even its type can be asked without a throw. */
function hostileProxy(): object {
  const trap = () => {
    throw new Error('trap');
  };
  return new Proxy(
    {},
    {
      get: trap,
      getPrototypeOf: trap,
      has: trap,
      ownKeys: trap,
      getOwnPropertyDescriptor: trap,
    },
  );
}

/** An object whose toString and valueOf throw: `String(value)` throws. */
function unprintable(): object {
  return {
    toString() {
      throw new Error('toString');
    },
    valueOf() {
      throw new Error('valueOf');
    },
  };
}

/** Values that make naive message building throw, with how the message describes each. */
const hostile: { readonly what: string; readonly make: () => unknown; readonly described: string }[] = [
  { what: 'a null-prototype object', make: () => Object.create(null), described: 'an object with no prototype' },
  { what: 'an Error whose message getter throws', make: errorWithThrowingMessage, described: 'an instance of Error' },
  { what: 'a Proxy whose every trap throws', make: hostileProxy, described: 'a value that cannot be described' },
  { what: 'an object whose toString throws', make: unprintable, described: 'an object' },
  { what: 'a symbol', make: () => Symbol('s'), described: 'Symbol(s)' },
  { what: 'undefined', make: () => undefined, described: 'undefined' },
];

/** A stream that fails its first run with `how`. */
function failing(
  how: 'throw' | 'reject' | 'then getter',
  value: unknown,
  finalized: { n: number },
): Stream<{}, { out: number }> {
  return new Stream<{}, { out: number }>({
    name: 'bad',
    outs: ['out'],
    finalize: () => finalized.n++,
    fn: () => {
      if (how === 'throw') throw value;
      if (how === 'reject') return Promise.reject(value);
      return {
        get then(): never {
          throw value;
        },
      } as never;
    },
  });
}

async function failure(run: Promise<void>): Promise<unknown> {
  return run.then(
    () => 'completed',
    (err: unknown) => err,
  );
}

describe('reliability: hostile values', () => {
  for (const h of hostile) {
    for (const how of ['throw', 'reject', 'then getter'] as const) {
      it(`a run that fails by "${how}" with ${h.what} fails the run with a StreamError caused by that value`, async () => {
        const value = h.make();
        const finalized = { n: 0 };
        const wf = new Workflow();
        const sink = collect<number>();
        wf.addStream(failing(how, value, finalized)).pipe(wf.addStream(sink));
        const err = await failure(wf.run());
        expect(err).toBeInstanceOf(StreamError);
        expect((err as StreamError).cause === value).toBe(true);
        expect((err as StreamError).stream).toBe('bad');
        expect((err as StreamError).message).toBe(`stream "bad" failed: ${h.described}`);
        expect(finalized.n).toBe(1);
      });
    }

    it(`an Observable source that errors with ${h.what} fails the run with a StreamError naming the source`, async () => {
      const value = h.make();
      const wf = new Workflow();
      wf.addSource(
        throwError(() => value),
        { name: 'errors' },
      ).pipe(wf.addStream(collect<number>()));
      const err = await failure(wf.run());
      expect(err).toBeInstanceOf(StreamError);
      expect((err as StreamError).stream).toBe('errors');
      expect((err as StreamError).cause === value).toBe(true);
    });

    it(`an abort whose reason is ${h.what} rejects with an AbortError caused by that reason`, async () => {
      const reason = h.make();
      const wf = new Workflow();
      const controller = new AbortController();
      wf.addStream(new Stream<{}, { out: number }>({ outs: ['out'], fn: () => new Promise<boolean>(() => {}) })).pipe(
        wf.addStream(collect<number>()),
      );
      const run = failure(wf.run({ signal: controller.signal }));
      controller.abort(reason);
      const err = await run;
      expect(err).toBeInstanceOf(AbortError);
      // undefined: AbortController puts its own DOMException in its place.
      if (reason !== undefined) expect((err as AbortError).cause === reason).toBe(true);
    });
  }

  it('a message getter that throws is read once and never crashes the process', async () => {
    let reads = 0;
    const err = new Error('x');
    Object.defineProperty(err, 'message', {
      get() {
        reads++;
        throw err;
      },
    });
    const wf = new Workflow();
    wf.addStream(failing('throw', err, { n: 0 })).pipe(wf.addStream(collect<number>()));
    const got = await failure(wf.run());
    expect(got).toBeInstanceOf(StreamError);
    expect(reads).toBe(1);
  });

  describe('thenables, as Promises/A+ 2.3.3', () => {
    /** A relay whose runs return a hand-made thenable built by `make(outcome)`. */
    function relayWith(make: (outcome: boolean) => PromiseLike<boolean>): Stream<{ in: number }, { out: number }> {
      return new Stream<{ in: number }, { out: number }>({
        name: 'relay',
        ins: ['in'],
        outs: ['out'],
        fn: (ins: Inputs<{ in: number }>, outs: Outputs<{ out: number }>) => {
          while (ins.in.size > 0 && !outs.out.full) outs.out.push(ins.in.pop());
          return make(ins.in.size > 0);
        },
      });
    }

    async function through(make: (outcome: boolean) => PromiseLike<boolean>): Promise<unknown> {
      const wf = new Workflow({ capacity: 2, strict: true });
      const sink = collect<number>();
      wf.addStream(fromIterable([1, 2, 3, 4, 5]))
        .pipe(wf.addStream(relayWith(make)))
        .pipe(wf.addStream(sink));
      const outcome = await failure(wf.run());
      return outcome === 'completed' ? sink.items : outcome;
    }

    const later = (fn: () => void) => setImmediate(fn);

    it('one that fulfils twice counts once', async () => {
      expect(await through((o) => ({ then: (ok: any) => later(() => (ok(o), ok(o))) }) as never)).toEqual([
        1, 2, 3, 4, 5,
      ]);
    });

    it('one that fulfils and then rejects counts as fulfilled', async () => {
      expect(
        await through((o) => ({ then: (ok: any, bad: any) => later(() => (ok(o), bad(new Error('late')))) }) as never),
      ).toEqual([1, 2, 3, 4, 5]);
    });

    it('one that rejects and then fulfils fails the run with the rejection', async () => {
      const boom = new Error('boom');
      const err = await through((o) => ({ then: (ok: any, bad: any) => later(() => (bad(boom), ok(o))) }) as never);
      expect(err).toBeInstanceOf(StreamError);
      expect((err as StreamError).cause).toBe(boom);
    });

    it('one that fulfils synchronously inside then(), twice, counts once', async () => {
      expect(await through((o) => ({ then: (ok: any) => (ok(o), ok(o)) }) as never)).toEqual([1, 2, 3, 4, 5]);
    });

    it('one whose then() throws after fulfilling counts as fulfilled', async () => {
      expect(
        await through(
          (o) =>
            ({
              then: (ok: any) => {
                ok(o);
                throw new Error('ignored');
              },
            }) as never,
        ),
      ).toEqual([1, 2, 3, 4, 5]);
    });

    it('one whose then() throws before settling fails the run with what it threw', async () => {
      const thrown = Object.create(null);
      const err = await through(
        () =>
          ({
            then: () => {
              throw thrown;
            },
          }) as never,
      );
      expect(err).toBeInstanceOf(StreamError);
      expect((err as StreamError).cause === thrown).toBe(true);
    });

    it('mapAsync counts a result thenable that fulfils twice once, in order', async () => {
      const wf = new Workflow({ capacity: 2, strict: true });
      const sink = collect<number>();
      wf.addStream(fromIterable([1, 2, 3, 4, 5, 6]))
        .pipe(
          wf.addStream(
            mapAsync((x: number) => ({ then: (ok: any) => later(() => (ok(x * 10), ok(-1))) }) as never, {
              concurrency: 3,
            }),
          ),
        )
        .pipe(wf.addStream(sink));
      await wf.run();
      expect(sink.items).toEqual([10, 20, 30, 40, 50, 60]);
    });
  });

  it(
    'a random value thrown or rejected at a random stream and item fails the run with a StreamError caused by it',
    async () => {
      const anyValue = fc.oneof(
        { weight: 4, arbitrary: fc.anything({ withNullPrototype: true, withBigInt: true, withMap: true }) },
        // (Not the Proxy: fast-check itself inspects generated values.)
        {
          weight: 2,
          arbitrary: fc
            .constantFrom(...hostile.filter((h) => !h.what.includes('Proxy')).map((h) => h.make))
            .map((make) => make()),
        },
      );
      const arb = graphArb(10)
        .filter((g) => itemsTaken(g).some((n) => n > 0))
        .chain((graph) => {
          const taken = itemsTaken(graph);
          const nodes = taken.flatMap((n, j) => (n > 0 ? [j] : []));
          return fc.record({
            graph: fc.constant(graph),
            node: fc.constantFrom(...nodes),
            pick: fc.nat(),
            value: anyValue,
          });
        });
      await assertProperty(
        'hostile-values',
        arb,
        async ({ graph, node, pick, value }) => {
          const timersBefore = timerCounts();
          const fault = { node, item: pick % itemsTaken(graph)[node], value: { thrown: value } };
          const built = buildGraph(graph, { clock: 0, runsAfterFinalize: 0, fault });
          const { ended, calls } = observe(built.workflow);
          await within(ended, 5000, 'the run with a hostile value');
          await quiesce();
          const problems: string[] = [];
          const err = calls.errors[0];
          if (calls.complete !== 0 || calls.errors.length !== 1)
            problems.push(`the run completed ${calls.complete} times and failed ${calls.errors.length} times`);
          if (!(err instanceof StreamError) || err.stream !== `n${node}` || !Object.is(err.cause, value))
            problems.push(`expected a StreamError naming "n${node}" caused by the thrown value`);
          problems.push(...finalizeProblems(built));
          problems.push(...timerProblems(timersBefore));
          if (problems.length > 0) throw new Error(problems.join('\n'));
        },
        200,
      );
    },
    PROPERTY_TIMEOUT,
  );

  it(
    'random graphs whose async runs return misbehaving thenables complete with exactly the reference result',
    async () => {
      const arb = graphArb(12).map((g) => ({
        ...g,
        nodes: g.nodes.map((n) => (n.mode === 'sync' ? { ...n, mode: 'async-after' as const } : n)),
      }));
      await assertProperty(
        'hostile-values/thenables',
        arb,
        async (graph) => {
          const built = buildGraph(graph);
          await within(built.workflow.run(), 5000, 'the run');
          const found = graphProblems(graph, built);
          if (found.length > 0) throw new Error(found.join('\n'));
        },
        150,
      );
    },
    PROPERTY_TIMEOUT,
  );

  it('a map whose fn throws a null-prototype object fails the run naming the stage', async () => {
    const thrown = Object.create(null);
    const wf = new Workflow();
    wf.addStream(fromIterable([1]))
      .pipe(
        wf.addStream(
          map(() => {
            throw thrown;
          }),
        ),
      )
      .pipe(wf.addStream(collect()));
    const err = await failure(wf.run());
    expect(err).toBeInstanceOf(StreamError);
    expect((err as StreamError).stream).toBe('map');
    expect((err as StreamError).cause === thrown).toBe(true);
  });

  it('an Observable whose subscribe function throws a hostile value fails the run', async () => {
    const thrown = hostileProxy();
    const wf = new Workflow();
    wf.addSource(
      new Observable<number>(() => {
        throw thrown;
      }),
      { name: 'throws' },
    ).pipe(wf.addStream(collect<number>()));
    const err = await failure(wf.run());
    expect(err).toBeInstanceOf(StreamError);
    expect((err as StreamError).cause === thrown).toBe(true);
  });
});

import { DeadlockError, Stream, StreamError, Workflow, collect, fromIterable, map, type Step } from '../../src/index';
import { memoryTransport } from '../../src/testing/index';

/** numbers → square (on worker `cpu`, `replicas` of them) → sink; the sink is returned through `out`. */
function squares(n: number, replicas: number, out: { items: number[] }, partition = false): Workflow {
  const wf = new Workflow({ capacity: 4 });
  const sink = collect<number>();
  out.items = sink.items;
  wf.addStream(
    fromIterable(
      Array.from({ length: n }, (_, i) => i),
      { name: 'numbers' },
    ),
  )
    .pipe(
      wf.addStream(
        map((x: number) => x * x, { name: 'square' }),
        {
          worker: 'cpu',
          replicas,
          partitionBy: partition ? (x: number) => x % 3 : undefined,
        },
      ),
      { pack: 3, window: 2 },
    )
    .pipe(wf.addStream(sink));
  return wf;
}

describe('a run over the in-memory transport', () => {
  for (const replicas of [1, 3]) {
    it(`carries every item through steps placed on a worker with ${replicas} replica(s)`, async () => {
      const out = { items: [] as number[] };
      const holder = { items: [] as number[] };
      const wf = squares(50, replicas, out);
      await wf.run({ transport: memoryTransport(squares, 50, replicas, holder) });
      expect([...out.items].sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i * i));
      if (replicas === 1) expect(out.items).toEqual(Array.from({ length: 50 }, (_, i) => i * i));
    });
  }

  it('keeps the order of items of one key with partitionBy', async () => {
    const out = { items: [] as number[] };
    const wf = squares(60, 3, out, true);
    await wf.run({ transport: memoryTransport(squares, 60, 3, { items: [] as number[] }, true) });
    for (let k = 0; k < 3; k++) {
      const ofKey = out.items.filter((x) => Math.round(Math.sqrt(x)) % 3 === k);
      expect(ofKey).toEqual(Array.from({ length: 20 }, (_, i) => (3 * i + k) ** 2));
    }
  });

  it('fails the run with the error of a stream that fails in a worker, naming it and the worker', async () => {
    const build = () => {
      const wf = new Workflow();
      wf.addStream(fromIterable([1, 2, 3]))
        .pipe(
          wf.addStream(
            map(
              (x: number) => {
                if (x === 2) throw new Error('two');
                return x;
              },
              { name: 'fragile' },
            ),
            { worker: 'w' },
          ),
        )
        .pipe(wf.addStream(collect<number>()));
      return wf;
    };
    const err = await build()
      .run({ transport: memoryTransport(build) })
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(err).toEqual(jasmine.any(StreamError));
    expect((err as StreamError).message).toBe('stream "fragile" failed in worker w#0: two');
    expect(((err as StreamError).cause as Error).message).toBe('two');
  });

  it('reports a deadlock across fragments instead of hanging', async () => {
    const build = () => {
      const wf = new Workflow({ capacity: 2 });
      const lazy = new Stream<{ in: number }, {}>({ name: 'lazy', ins: ['in'], fn: () => undefined });
      wf.addStream(
        fromIterable(
          Array.from({ length: 100 }, (_, i) => i),
          { name: 'numbers' },
        ),
      ).pipe(wf.addStream(lazy, { worker: 'w' }), { pack: 2, window: 1 });
      return wf;
    };
    const err = await build()
      .run({ transport: memoryTransport(build) })
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(err).toEqual(jasmine.any(DeadlockError));
    expect((err as DeadlockError).stuck.map((s) => `${s.stream}: ${s.state}`).sort()).toEqual([
      'lazy@w#0: holding unread input',
      'numbers@coordinator: waiting for room',
      '← numbers.out->lazy.in[0]@w#0: receiving, waiting for room',
      '→ numbers.out->lazy.in@coordinator: sending, waiting for credit',
    ]);
  });

  it('runs a workflow with nothing placed as it would run without a transport', async () => {
    const build = () => {
      const wf = new Workflow();
      wf.addStream(fromIterable([1, 2])).pipe(wf.addStream(collect<number>()));
      return wf;
    };
    const wf = build();
    await wf.run({ transport: memoryTransport(build) });
    expect((wf.steps[1] as Step<any, any>).state).toBe('finished');
  });
});

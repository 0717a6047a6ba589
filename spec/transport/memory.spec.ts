import * as fixtures from './fixtures';
import { DeadlockError, StreamError, Workflow, collect, fromIterable, type Step } from '../../src/index';
import { memoryTransport } from '../../src/testing/index';

describe('a run over the in-memory transport', () => {
  for (const replicas of [1, 3]) {
    it(`carries every item through steps placed on a worker with ${replicas} replica(s)`, async () => {
      const out = { items: [] as number[] };
      const holder = { items: [] as number[] };
      const wf = fixtures.squares(50, replicas, out);
      await wf.run({ transport: memoryTransport(fixtures.squares, 50, replicas, holder) });
      expect([...out.items].sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i * i));
      if (replicas === 1) expect(out.items).toEqual(Array.from({ length: 50 }, (_, i) => i * i));
    });
  }

  it('keeps the order of items of one key with partitionBy', async () => {
    const out = { items: [] as number[] };
    const wf = fixtures.squares(60, 3, out, true);
    await wf.run({ transport: memoryTransport(fixtures.squares, 60, 3, { items: [] as number[] }, true) });
    for (let k = 0; k < 3; k++) {
      const ofKey = out.items.filter((x) => Math.round(Math.sqrt(x)) % 3 === k);
      expect(ofKey).toEqual(Array.from({ length: 20 }, (_, i) => (3 * i + k) ** 2));
    }
  });

  it('fails the run with the error of a stream that fails in a worker, naming it and the worker', async () => {
    const build = fixtures.fragile;
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
    const build = fixtures.lazy;
    const err = await build()
      .run({ transport: memoryTransport(build) })
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(err).toEqual(jasmine.any(DeadlockError));
    expect((err as DeadlockError).stuck.map((s) => `${s.stream}: ${s.state}`).sort()).toEqual(fixtures.lazyStuck);
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

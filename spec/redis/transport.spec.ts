/**
 * rx-mimo/redis against a real redis-server: runs whose placed steps run in
 * workers of this process and in child processes, with exact outputs.
 */
import { DeadlockError, MimoError, StreamError, Workflow, collect, fromIterable, map } from '../../src/index';
import { redis, runWorker } from '../../src/redis/index';
import { startRedis, type RedisServer } from './support/server';
import { chain, fragile, lazy, sinks, squares } from './support/pipelines';
import { startWorker } from './support/processes';

let server: RedisServer;
let prefixes = 0;
const prefix = () => `spec${++prefixes}`;

beforeAll(async () => {
  server = await startRedis();
});
afterAll(async () => {
  await server.stop();
});

/** Runs `build(...args)` as coordinator, with one in-process worker per name in `workers`. */
async function runHere(build: (...a: any[]) => Workflow, args: unknown[], workers: string[]): Promise<unknown[]> {
  const transport = redis({ url: server.url, prefix: prefix() });
  const serving = workers.map((worker) => runWorker(build, { transport, worker, args, runs: 1 }));
  const wf = build(...args);
  const items = sinks.items;
  const outcome = await wf.run({ transport }).then(
    () => null,
    (e: unknown) => e,
  );
  await Promise.all(serving);
  if (outcome !== null) throw outcome;
  return items;
}

async function failure(build: (...a: any[]) => Workflow, args: unknown[], workers: string[]): Promise<unknown> {
  return runHere(build, args, workers).then(
    () => null,
    (e: unknown) => e,
  );
}

describe('rx-mimo/redis', () => {
  it('runs a step placed on a worker of this process, every item once and in order', async () => {
    expect(await runHere(squares, [100], ['w'])).toEqual(Array.from({ length: 100 }, (_, i) => i * i));
  });

  it('gives an edge whose pipe names no window the transport’s (redis({ window })), and refuses a bad one', async () => {
    const build = () => {
      const wf = new Workflow({ capacity: 4 });
      const sink = collect<number>({ name: 'sink' });
      sinks.items = sink.items;
      wf.addStream(fromIterable([...Array(60).keys()], { name: 'numbers' }))
        .pipe(
          wf.addStream(
            map((x: number) => x + 1000, { name: 'shift' }),
            { worker: 'w' },
          ),
          { pack: 3 },
        )
        .pipe(wf.addStream(sink), { pack: 3 });
      return wf;
    };
    const transport = redis({ url: server.url, prefix: prefix(), window: 2 });
    const serving = runWorker(build, { transport, worker: 'w', runs: 1 });
    const wf = build();
    const items = sinks.items;
    await wf.run({ transport });
    await serving;
    expect(items).toEqual([...Array(60).keys()].map((x) => x + 1000));
    // Each stream held at most the window and the end.
    expect(Object.values(transport.peaks).length).toBe(2);
    for (const peak of Object.values(transport.peaks)) expect(peak).toBeLessThanOrEqual(3);
    for (const window of [0, 1.5, '8'])
      expect(() => redis({ url: server.url, window: window as number })).toThrowError(
        MimoError,
        `redis(options): window must be a positive whole number of packs; got ${window}.`,
      );
  });

  it('runs steps on two workers in a chain', async () => {
    expect(await runHere(chain, [40], ['a', 'b'])).toEqual(Array.from({ length: 20 }, (_, i) => (2 * i + 1) * 10));
  });

  it('runs a step in a worker process', async () => {
    const p = prefix();
    const worker = await startWorker(server.url, p, 'w', 'squares', [200]);
    const wf = squares(200);
    const items = sinks.items;
    await wf.run({ transport: redis({ url: server.url, prefix: p }) });
    expect(await worker.exited).toBe(0);
    expect(items).toEqual(Array.from({ length: 200 }, (_, i) => i * i));
  });

  it('fails the run with the error of a stream that throws in a worker, naming it and the worker', async () => {
    const err = await failure(fragile, [20, 7], ['w']);
    expect(err).toEqual(jasmine.any(StreamError));
    expect((err as StreamError).message).toBe('stream "fragile" failed in worker w#0: no 7');
    expect(((err as StreamError).cause as Error).message).toBe('no 7');
  });

  // A credit goes back once the pack's items are through (acknowledged), not when they enter the worker: the
  // worker's receiver waits for a pack where the in-memory transport's holds one it has no room for.
  it('reports a deadlock across processes with the same diagnosis as in-process', async () => {
    const err = await failure(lazy, [100], ['w']);
    expect(err).toEqual(jasmine.any(DeadlockError));
    expect((err as DeadlockError).stuck.map((s) => `${s.stream}: ${s.state}`).sort()).toEqual([
      'lazy@w#0: holding unread input',
      'numbers@coordinator: waiting for room',
      '← numbers.out->lazy.in[0]@w#0: receiving, waiting for a pack',
      '→ numbers.out->lazy.in@coordinator: sending, waiting for credit',
    ]);
  });
});

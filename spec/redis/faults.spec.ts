/**
 * Faults of a run over Redis, with worker processes: a worker killed with
 * SIGKILL mid-run is taken over by a standby process, and a worker stopped
 * (SIGSTOP) past claimAfter is taken over and, resumed, is refused: nothing
 * lost or duplicated at the sink, in order, every run settles. A throw in a
 * worker process, an abort, and a lost Redis fail the run clearly, and leave
 * no process running.
 */
import { AbortError, MimoError, StreamError } from '../../src/index';
import { redis, runWorker } from '../../src/redis/index';
import { client, startRedis, type RedisServer } from './support/server';
import { fragile, hooks, sinks, watched } from './support/pipelines';
import { startWorker, type WorkerProcess } from './support/processes';

const CLAIM_AFTER = 300;
const N = 1500;
const expected = Array.from({ length: N }, (_, i) => i * i);

let server: RedisServer;
let prefixes = 0;

beforeAll(async () => {
  server = await startRedis();
});
afterAll(async () => {
  await server.stop();
});
afterEach(() => {
  hooks.onItem = null;
});

/** A small seeded generator (mulberry32), so that a trial's kill point replays. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Resolves once `check` is true, asking every few ms (a condition, never a fixed wait). */
async function until(check: () => Promise<boolean>): Promise<void> {
  while (!(await check())) await new Promise((r) => setTimeout(r, 20));
}

/** The pid in the owner key of `w#0` (the process that runs it now). */
async function ownerPid(prefix: string): Promise<number | null> {
  const c = client(server.url);
  try {
    const owner = await c.get(`{${prefix}}:owner:w#0`);
    return owner === null ? null : Number(owner.split(':')[0]);
  } finally {
    c.disconnect();
  }
}

/** Two processes of worker `w` for a `watched` run: one takes the part, the other stands by. */
async function pair(prefix: string, us: number): Promise<WorkerProcess[]> {
  return Promise.all(
    [0, 1].map(() => startWorker(server.url, prefix, 'w', 'watched', [N, us], { claimAfter: CLAIM_AFTER })),
  );
}

describe('rx-mimo/redis faults', () => {
  const trials = 10;
  const seed = Date.now() % 100_000;

  it(`loses and repeats nothing when a worker is killed mid-run (SIGKILL, ${trials} trials, seed ${seed})`, async () => {
    const random = seeded(seed);
    for (let trial = 0; trial < trials; trial++) {
      const prefix = `kill${++prefixes}`;
      const workers = await pair(prefix, 50);
      const at = 1 + Math.floor(random() * (N - 200));
      let killed: number | null = null;
      hooks.onItem = (count) => {
        if (count !== at) return;
        void ownerPid(prefix).then((pid) => {
          killed = pid;
          if (pid !== null) process.kill(pid, 'SIGKILL');
        });
      };
      const wf = watched(N, 50);
      const items = sinks.items;
      await wf.run({ transport: redis({ url: server.url, prefix, claimAfter: CLAIM_AFTER }) });
      const codes = await Promise.all(workers.map((w) => w.exited));
      expect(killed).withContext(`trial ${trial}: the owner was found`).not.toBeNull();
      expect(codes.sort()).withContext(`trial ${trial}`).toEqual([0, 'SIGKILL']);
      expect(items).withContext(`trial ${trial}, killed after ${at} items`).toEqual(expected);
    }
  }, 120_000);

  it('takes over a worker stopped past claimAfter, and refuses what it commits once resumed (SIGSTOP, SIGCONT)', async () => {
    const random = seeded(seed + 1);
    for (let trial = 0; trial < 3; trial++) {
      const prefix = `zombie${++prefixes}`;
      const workers = await pair(prefix, 50);
      const at = 1 + Math.floor(random() * (N - 200));
      let stopped: number | null = null;
      hooks.onItem = (count) => {
        if (count !== at) return;
        void (async () => {
          stopped = await ownerPid(prefix);
          if (stopped === null) return;
          process.kill(stopped, 'SIGSTOP');
          // Resumed once another process owns its part.
          await until(async () => {
            const now = await ownerPid(prefix);
            return now !== null && now !== stopped;
          });
          process.kill(stopped, 'SIGCONT');
        })();
      };
      const wf = watched(N, 50);
      const items = sinks.items;
      await wf.run({ transport: redis({ url: server.url, prefix, claimAfter: CLAIM_AFTER }) });
      const codes = await Promise.all(workers.map((w) => w.exited));
      expect(stopped).withContext(`trial ${trial}: the owner was found`).not.toBeNull();
      expect(codes).withContext(`trial ${trial}`).toEqual([0, 0]);
      expect(items).withContext(`trial ${trial}, stopped after ${at} items`).toEqual(expected);
    }
  }, 120_000);

  it('fails the run when a stream throws in a worker process, naming the stream and the worker', async () => {
    const prefix = `throw${++prefixes}`;
    const worker = await startWorker(server.url, prefix, 'w', 'fragile', [50, 17]);
    const err = await fragile(50, 17)
      .run({ transport: redis({ url: server.url, prefix }) })
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(err).toEqual(jasmine.any(StreamError));
    expect((err as StreamError).message).toBe('stream "fragile" failed in worker w#0: no 17');
    expect((err as StreamError).stream).toBe('fragile');
    expect(await worker.exited).toBe(0);
  });

  it('stops every worker when the run is aborted', async () => {
    const prefix = `abort${++prefixes}`;
    const workers = await Promise.all(['w', 'w'].map(() => startWorker(server.url, prefix, 'w', 'watched', [N, 0])));
    const controller = new AbortController();
    hooks.onItem = (count) => {
      if (count === 300) controller.abort(new Error('enough'));
    };
    const transport = redis({ url: server.url, prefix });
    const err = await watched(N, 0)
      .run({ transport, signal: controller.signal })
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(err).toEqual(jasmine.any(AbortError));
    expect((err as AbortError).message).toBe('run(): aborted: enough');
    // The process that ran the part stops with the run (and exits, having served its one part)…
    const first = await Promise.race(workers.map((w, i) => w.exited.then((code) => ({ i, code }))));
    expect(first.code).toBe(0);
    expect(workers[first.i].output()).toContain('served');
    // …the other still waits for work, until told to stop.
    workers[1 - first.i].child.kill('SIGTERM');
    expect(await workers[1 - first.i].exited).toBe(0);
  });

  it('fails the run with a clear error when Redis goes away', async () => {
    const own = await startRedis();
    const prefix = `lost${++prefixes}`;
    const transport = redis({ url: own.url, prefix });
    const serving = runWorker(watched, { transport, worker: 'w', args: [N, 0], runs: 1 }).then(
      () => null,
      (e: unknown) => e,
    );
    hooks.onItem = (count) => {
      if (count === 200) void own.stop();
    };
    const err = await watched(N, 0)
      .run({ transport })
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(err).toEqual(jasmine.any(MimoError));
    expect((err as Error).message).toMatch(
      new RegExp(`^rx-mimo/redis: lost the connection to Redis at ${own.url.replace(/\./g, '\\.')}: `),
    );
    expect(await serving).toBeNull();
  });
});

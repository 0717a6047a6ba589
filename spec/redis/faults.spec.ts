/**
 * Faults of a run over Redis, with worker processes: a worker killed with
 * SIGKILL mid-run is taken over by a standby process, and a worker stopped
 * (SIGSTOP) past claimAfter is taken over and, resumed, is refused: nothing
 * lost or duplicated at the sink, in order, every run settles. A throw in a
 * worker process, an abort, and a lost Redis fail the run clearly, and leave no process
 * running; a Redis (appendonly) killed and restarted loses the run nothing.
 */
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { AbortError, MimoError, StreamError } from '../../src/index';
import { redis, runWorker } from '../../src/redis/index';
import Redis from 'ioredis';
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

/** The pid in the owner key of `w#0` (the process that runs it now), or null when nobody owns it now. */
async function ownerPid(prefix: string): Promise<number | null> {
  const c = client(server.url);
  try {
    const owner = await c.get(`{${prefix}}:owner:w#0`);
    return owner === null ? null : Number(owner.split(':')[0]);
  } finally {
    c.disconnect();
  }
}

/** The process that owns `w#0`, once one does (called while the sink waits: the run cannot end meanwhile). */
async function owner(prefix: string): Promise<number> {
  let pid: number | null = null;
  await until(async () => (pid = await ownerPid(prefix)) !== null);
  return pid!;
}

/**
 * Two processes of worker `w` for a `watched` run, serving parts until told to stop: one takes the
 * part, the other stands by, and a process whose part was taken over goes back to standing by.
 */
async function pair(prefix: string, us: number): Promise<WorkerProcess[]> {
  return Promise.all(
    [0, 1].map(() =>
      startWorker(server.url, prefix, 'w', 'watched', [N, us], { claimAfter: CLAIM_AFTER, runs: Infinity }),
    ),
  );
}

/** Tells the processes still waiting for work to stop; resolves with every exit code (or signal), sorted. */
async function stopAll(workers: readonly WorkerProcess[]): Promise<(number | string)[]> {
  for (const w of workers) if (w.child.exitCode === null && w.child.signalCode === null) w.child.kill('SIGTERM');
  return (await Promise.all(workers.map((w) => w.exited))).sort();
}

describe('rx-mimo/redis faults', () => {
  const trials = 10;
  const seed = Date.now() % 100_000;

  // The sink waits while the hook acts: the part is caught mid-run, with at least 200 items still to do.
  it(`loses and repeats nothing when a worker is killed mid-run (SIGKILL, ${trials} trials, seed ${seed})`, async () => {
    const random = seeded(seed);
    for (let trial = 0; trial < trials; trial++) {
      const prefix = `kill${++prefixes}`;
      const workers = await pair(prefix, 50);
      const at = 1 + Math.floor(random() * (N - 200));
      let killed: number | null = null;
      hooks.onItem = (count) =>
        count !== at
          ? undefined
          : owner(prefix).then((pid) => {
              killed = pid;
              process.kill(pid, 'SIGKILL');
            });
      const wf = watched(N, 50);
      const items = sinks.items;
      await wf.run({ transport: redis({ url: server.url, prefix, claimAfter: CLAIM_AFTER }) });
      const codes = await stopAll(workers);
      expect(workers.map((w) => w.child.pid))
        .withContext(`trial ${trial}: the owner was one of them`)
        .toContain(killed!);
      expect(codes).withContext(`trial ${trial}`).toEqual([0, 'SIGKILL']);
      expect(items).withContext(`trial ${trial}, killed after ${at} items`).toEqual(expected);
    }
  }, 120_000);

  // The stopped process is resumed while the process that took its part over runs it: its commits, its
  // control messages and its reads of the part's control and credit streams must all be refused.
  it(`takes over a worker stopped past claimAfter, and refuses what it commits once resumed (SIGSTOP, SIGCONT, ${trials} trials, seed ${seed})`, async () => {
    const random = seeded(seed + 1);
    for (let trial = 0; trial < trials; trial++) {
      const prefix = `zombie${++prefixes}`;
      const workers = await pair(prefix, 50);
      const at = 1 + Math.floor(random() * (N - 200));
      let stopped: number | null = null;
      let next: number | null = null;
      hooks.onItem = (count) => {
        if (count !== at) return undefined;
        return (async () => {
          const pid = (stopped = await owner(prefix));
          process.kill(pid, 'SIGSTOP');
          // Resumed once another process owns its part.
          await until(async () => {
            next = await ownerPid(prefix);
            return next !== null && next !== pid;
          });
          process.kill(pid, 'SIGCONT');
        })();
      };
      const wf = watched(N, 50);
      const items = sinks.items;
      await wf.run({ transport: redis({ url: server.url, prefix, claimAfter: CLAIM_AFTER }) });
      const codes = await stopAll(workers);
      expect(workers.map((w) => w.child.pid).sort())
        .withContext(`trial ${trial}: both took the part`)
        .toEqual([stopped!, next!].sort());
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

  // Two workers of this process (starting processes is what the other specs of this file pay for).
  it('stops every worker when the run is aborted', async () => {
    const prefix = `abort${++prefixes}`;
    const transport = redis({ url: server.url, prefix });
    const standby = [new AbortController(), new AbortController()];
    const workers = standby.map((c, i) =>
      runWorker(watched, { transport, worker: 'w', args: [N, 0], runs: 1, signal: c.signal }).then(() => i),
    );
    const controller = new AbortController();
    hooks.onItem = (count) => {
      if (count === 300) controller.abort(new Error('enough'));
    };
    const err = await watched(N, 0)
      .run({ transport, signal: controller.signal })
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(err).toEqual(jasmine.any(AbortError));
    expect((err as AbortError).message).toBe('run(): aborted: enough');
    // The worker that ran the part stops with the run (having served its one part)…
    const first = await Promise.race(workers);
    // …the other still waits for work, until told to stop.
    standby[1 - first].abort();
    expect(await workers[1 - first]).toBe(1 - first);
  });

  it('fails the run with a clear error when Redis goes away (after the client’s attempts to reconnect)', async () => {
    const own = await startRedis();
    const prefix = `lost${++prefixes}`;
    const transport = redis({ url: own.url, prefix });
    const serving = runWorker(watched, { transport, worker: 'w', args: [N, 0], runs: 1 }).then(
      () => null,
      (e: unknown) => e,
    );
    // The sink waits until the server is gone; the run fails once the client gives up (about 3 s).
    hooks.onItem = (count) => (count === 200 ? own.stop() : undefined);
    try {
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
    } finally {
      await own.stop();
    }
  }, 30_000);

  // No worker process: the run waits for its part to say ready when the server is killed and restarted.
  it('fails the run clearly when Redis (appendonly) is restarted while the run opens', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rx-mimo-aof-'));
    let own = await startRedis({ appendonly: true, dir });
    try {
      const prefix = `opening${++prefixes}`;
      const running = watched(N, 0)
        .run({ transport: redis({ url: own.url, prefix }) })
        .then(
          () => null,
          (e: unknown) => e,
        );
      const look = client(own.url);
      await until(async () => (await look.llen(`{${prefix}}:jobs:w`)) === 1);
      look.disconnect();
      await own.stop();
      own = await startRedis({ appendonly: true, dir, port: own.port });
      const err = await running;
      expect(err).toEqual(jasmine.any(MimoError));
      expect((err as Error).message).toMatch(
        new RegExp(
          `^rx-mimo/redis: lost the connection to Redis at ${own.url.replace(/\./g, '\\.')}: the connection closed while the run was opening \\(a worker may have taken its part and lost the answer\\)`,
        ),
      );
    } finally {
      await own.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  // Killed at a random point (the sink does not wait), restarted on its port from its append-only file:
  // anything Redis answered is in the file, and what was in flight is sent again by the clients, which wait
  // for the server (a client of their own, that waits as long as it takes, so that a slow restart on a
  // loaded machine is no failure; redis({ url }) gives up after about 3 s, as the spec above shows).
  it(`resumes the run, losing and repeating nothing, when Redis (appendonly) is killed and restarted (${trials} trials, seed ${seed})`, async () => {
    const random = seeded(seed + 2);
    const dir = mkdtempSync(join(tmpdir(), 'rx-mimo-aof-'));
    let own = await startRedis({ appendonly: true, dir });
    const port = own.port;
    const patient = new Redis(own.url, { maxRetriesPerRequest: null });
    patient.on('error', () => {});
    try {
      for (let trial = 0; trial < trials; trial++) {
        const prefix = `restart${++prefixes}`;
        const transport = redis({ client: patient, prefix });
        const serving = runWorker(watched, { transport, worker: 'w', args: [N, 20], runs: 1 });
        const at = 1 + Math.floor(random() * (N - 200));
        let restarted: Promise<void> | null = null;
        hooks.onItem = (count) => {
          if (count !== at) return;
          restarted = (async () => {
            await own.stop();
            own = await startRedis({ appendonly: true, dir, port });
          })();
        };
        const wf = watched(N, 20);
        const items = sinks.items;
        await wf.run({ transport });
        await serving;
        expect(restarted).withContext(`trial ${trial}: Redis was killed`).not.toBeNull();
        await restarted;
        expect(items).withContext(`trial ${trial}, Redis killed after ${at} items`).toEqual(expected);
      }
    } finally {
      patient.disconnect();
      await own.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});

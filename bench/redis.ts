/**
 * `npm run bench -- --scenario redis`: rx-mimo across processes over a real
 * redis-server on loopback, in three parts.
 *
 * 1. One edge, numbers from the coordinator to a sink on a worker process: items
 *    per second with 1 and 100 items per entry, and what the credit window costs
 *    against an edge so wide that it is in effect unbounded (windows 8, 32, 64
 *    and the transport's default). The cases take turns within each round, and a
 *    window's cost is measured against the unbounded edge of the same round.
 * 2. A CPU-bound map (about 30 µs an item) on one and on two processes of one
 *    worker: the speed-up, and the CPU time each process and redis-server used.
 * 3. Redis memory over 10 M items into a slow sink: `used_memory` before the run,
 *    its peak (sampled every second) and after it.
 *
 * Wall-clock time of whole runs (opening the run, starting the worker processes,
 * the end), so every row pays the same fixed cost of about 0.2–0.4 s.
 */
import { fork } from 'child_process';
import { readFileSync } from 'fs';
import { cpus, loadavg } from 'os';
import { Workflow, forEach, map, range } from '../src/index';
import { redis, runWorker } from '../src/redis/index';
import { REDIS_WINDOW } from '../src/redis/transport';
import { client, startRedis, type RedisServer } from '../examples/redis-server';

/** Arithmetic that takes about `k` / (iterations per µs) µs and cannot be optimised away. */
function work(x: number, k: number): number {
  let h = x | 0;
  for (let i = 0; i < k; i++) h = (Math.imul(h, 31) + i) | 0;
  return h;
}

/** Iterations of `work` per µs here, called as the map calls it (the fastest of a few tries: the machine is shared). */
function calibrate(): number {
  const k = 2000;
  const calls = 2000;
  let best = Infinity;
  for (let t = 0; t < 9; t++) {
    const started = process.hrtime.bigint();
    for (let i = 0; i < calls; i++) work(i, k);
    best = Math.min(best, Number(process.hrtime.bigint() - started) / 1000);
  }
  return (k * calls) / best;
}

/** numbers 0…n-1 → a sink on the worker `sink` doing `k` iterations of work per item, over an edge of `pack` items per entry and `window` entries (undefined: the transport's). */
export function edge(n: number, pack: number, window: number | null, k = 0): Workflow {
  const wf = new Workflow({ capacity: Math.max(64, pack) });
  wf.addStream(range(0, n, 1, { name: 'numbers' })).pipe(
    wf.addStream(
      forEach((x: number) => void (k > 0 && work(x, k)), { name: 'sink' }),
      { worker: 'sink' },
    ),
    window === null ? { pack } : { pack, window },
  );
  return wf;
}

/** What the coordinator's sink of `cpu` counted. */
const counted = { items: 0 };

/** numbers 0…n-1 → `k` iterations of work each on the worker `cpu` (`replicas` processes) → a counting sink here. */
export function cpu(n: number, k: number, replicas: number): Workflow {
  const wf = new Workflow();
  counted.items = 0;
  wf.addStream(range(0, n, 1, { name: 'numbers' }))
    .pipe(
      wf.addStream(
        map((x: number) => work(x, k), { name: 'work' }),
        { worker: 'cpu', replicas },
      ),
    )
    .pipe(wf.addStream(forEach(() => void counted.items++, { name: 'count' })));
  return wf;
}

const BUILDERS: Record<string, { build: (...args: any[]) => Workflow; worker: string }> = {
  edge: { build: edge, worker: 'sink' },
  cpu: { build: cpu, worker: 'cpu' },
};

/** A worker process: serves one part, then tells the parent its CPU time (ms). */
async function serveOne(name: string, url: string, prefix: string, args: string): Promise<void> {
  const { build, worker } = BUILDERS[name];
  await runWorker(build, { transport: redis({ url, prefix }), worker, args: JSON.parse(args) as unknown[], runs: 1 });
  const used = process.cpuUsage();
  process.send?.((used.user + used.system) / 1000, () => process.exit(0));
}

/** Starts `count` worker processes for a run; resolves with their CPU times (ms) once they have exited. */
function workers(count: number, name: string, url: string, prefix: string, args: unknown[]): Promise<number[]> {
  return Promise.all(
    Array.from({ length: count }, () => {
      const child = fork(__filename, ['worker', name, url, prefix, JSON.stringify(args)], { stdio: 'inherit' });
      let cpuMs = NaN;
      child.on('message', (m) => (cpuMs = Number(m)));
      return new Promise<number>((resolve) => child.once('exit', () => resolve(cpuMs)));
    }),
  );
}

/** Seconds of CPU redis-server has used so far. */
async function redisCpu(server: RedisServer): Promise<number> {
  const c = client(server.url);
  try {
    const info = await c.info('cpu');
    return Number(/used_cpu_user:([\d.]+)/.exec(info)![1]) + Number(/used_cpu_sys:([\d.]+)/.exec(info)![1]);
  } finally {
    c.disconnect();
  }
}

/** The machine's CPU time so far, idle and all, in clock ticks (Linux's /proc/stat; zeros elsewhere). */
function machineCpu(): { idle: number; total: number } {
  try {
    const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    return { idle: fields[3] + fields[4], total: fields.reduce((a, b) => a + b, 0) };
  } catch {
    return { idle: 0, total: 0 };
  }
}

const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (x: number) => Math.round(x).toLocaleString('en');
const pct = (x: number) => `${Math.round(x * 100)} %`;

let prefixes = 0;

/** One run of `build(...args)`: its coordinator here, `processes` worker processes; seconds and CPU times. */
async function timed(
  server: RedisServer,
  name: string,
  args: unknown[],
  processes = 1,
): Promise<{ seconds: number; workerCpu: number[]; ownCpu: number; redisCpu: number; idleCores: number }> {
  const prefix = `bench${++prefixes}`;
  const redisBefore = await redisCpu(server);
  const machineBefore = machineCpu();
  const ownBefore = process.cpuUsage();
  const exited = workers(processes, name, server.url, prefix, args);
  const started = process.hrtime.bigint();
  await BUILDERS[name].build(...args).run({ transport: redis({ url: server.url, prefix }) });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const own = process.cpuUsage(ownBefore);
  const machine = machineCpu();
  const idleCores = ((machine.idle - machineBefore.idle) / (machine.total - machineBefore.total || 1)) * cpus().length;
  const workerCpu = await exited;
  return {
    seconds,
    workerCpu,
    ownCpu: (own.user + own.system) / 1000,
    redisCpu: (await redisCpu(server)) - redisBefore,
    idleCores,
  };
}

/** Part 1: one edge, and the cost of the credit window. */
async function windows(server: RedisServer, rounds: number): Promise<void> {
  const cases = [
    { pack: 1, window: 8, n: 10_000 },
    ...[8, 32, 64, REDIS_WINDOW, 256].map((window) => ({ pack: 100, window, n: 1_000_000 })),
    { pack: 100, window: 1_000_000, n: 1_000_000 },
  ];
  const rates = cases.map((): number[] => []);
  for (let r = 0; r < rounds; r++) {
    for (const [i, c] of cases.entries()) {
      const { seconds } = await timed(server, 'edge', [c.n, c.pack, c.window === REDIS_WINDOW ? null : c.window]);
      rates[i].push(c.n / seconds);
    }
  }
  const unbounded = rates[cases.length - 1];
  console.log(`\nOne edge, coordinator → a sink on a worker process; ${rounds} rounds, the cases by turns in each`);
  console.log('| pack | window | items | items/s (median) | cost against unbounded (median of rounds; range) |');
  console.log('|---:|---:|---:|---:|---:|');
  for (const [i, c] of cases.entries()) {
    const w =
      c.window >= 1_000_000 ? 'unbounded' : c.window === REDIS_WINDOW ? `${c.window} (default)` : String(c.window);
    const costs = c.pack === 100 && c.window < 1_000_000 ? rates[i].map((x, r) => 1 - x / unbounded[r]) : [];
    const cost =
      costs.length === 0 ? '' : `${pct(median(costs))}; ${pct(Math.min(...costs))}–${pct(Math.max(...costs))}`;
    console.log(`| ${c.pack} | ${w} | ${fmt(c.n)} | ${fmt(median(rates[i]))} | ${cost} |`);
  }
}

/** Part 2: a CPU-bound map on one and two worker processes. */
async function scaling(server: RedisServer, rounds: number, perUs: number): Promise<void> {
  const us = 30;
  const k = Math.round(us * perUs);
  const n = 150_000;
  const rows = [1, 2].map(
    () => [] as { rate: number; own: number; workers: number[]; redis: number; busy: number; idle: number }[],
  );
  for (let r = 0; r < rounds; r++) {
    for (const replicas of [1, 2]) {
      const t = await timed(server, 'cpu', [n, k, replicas], replicas);
      if (counted.items !== n) throw new Error(`cpu: the sink counted ${counted.items} items, not ${n}`);
      const busy = t.workerCpu.reduce((a, b) => a + b, 0) / 1000 / t.seconds;
      rows[replicas - 1].push({
        rate: n / t.seconds,
        own: t.ownCpu,
        workers: t.workerCpu,
        redis: t.redisCpu,
        busy,
        idle: t.idleCores,
      });
    }
  }
  const speedUps = rows[1].map((row, r) => row.rate / rows[0][r].rate);
  console.log(
    `\nA map of ${k.toLocaleString('en')} iterations (about ${us} µs an item here) on worker processes, ${fmt(n)} items; ` +
      `${rounds} rounds, 1 and 2 processes by turns in each; CPU seconds per run (median)`,
  );
  console.log(
    '| processes | items/s (median) | speed-up (median; range) | coordinator CPU | worker CPU, each | redis-server CPU | cores the workers had (their CPU ÷ wall) | cores left idle on the machine |',
  );
  console.log('|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const [i, runs] of rows.entries()) {
    const speedUp =
      i === 0
        ? '1'
        : `${median(speedUps).toFixed(2)}×; ${Math.min(...speedUps).toFixed(2)}–${Math.max(...speedUps).toFixed(2)}`;
    const each = runs[0].workers.map((_, w) => (median(runs.map((x) => x.workers[w])) / 1000).toFixed(2)).join(' + ');
    console.log(
      `| ${i + 1} | ${fmt(median(runs.map((x) => x.rate)))} | ${speedUp} | ${(median(runs.map((x) => x.own)) / 1000).toFixed(2)} | ${each} | ${median(runs.map((x) => x.redis)).toFixed(2)} | ${median(runs.map((x) => x.busy)).toFixed(2)} | ${median(runs.map((x) => x.idle)).toFixed(2)} |`,
    );
  }
}

/** Part 3: Redis memory over 10 M items into a slow sink (the transport's default pack and window). */
async function memory(server: RedisServer, perUs: number): Promise<void> {
  const n = 10_000_000;
  const k = Math.round(1 * perUs);
  const look = client(server.url);
  const usedMemory = async () => Number(/used_memory:(\d+)/.exec(await look.info('memory'))![1]);
  try {
    const before = await usedMemory();
    const samples: number[] = [];
    const sampler = setInterval(() => void usedMemory().then((m) => samples.push(m)), 1000);
    const prefix = `bench${++prefixes}`;
    const transport = redis({ url: server.url, prefix });
    const exited = workers(1, 'edge', server.url, prefix, [n, 100, null, k]);
    const started = process.hrtime.bigint();
    await edge(n, 100, null, k).run({ transport });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    clearInterval(sampler);
    await exited;
    const after = await usedMemory();
    const mb = (x: number) => (x / 2 ** 20).toFixed(2);
    const peaks = Object.values(transport.peaks);
    console.log(
      `\nRedis memory, ${fmt(n)} numbers into a sink on a worker process doing about 1 µs of work an item ` +
        `(pack 100, window ${REDIS_WINDOW}, the defaults): ${seconds.toFixed(1)} s, ${fmt(n / seconds)} items/s`,
    );
    console.log(
      '| used_memory before the run | peak of the run (sampled every second) | after the run | samples | longest the stream was (entries) |',
    );
    console.log('|---:|---:|---:|---:|---:|');
    console.log(
      `| ${mb(before)} MB | ${mb(Math.max(...samples))} MB | ${mb(after)} MB | ${samples.length} | ${Math.max(...peaks)} |`,
    );
    const third = Math.floor(samples.length / 3);
    console.log(
      `used_memory by thirds of the run, highest in each: ${[0, 1, 2].map((t) => `${mb(Math.max(...samples.slice(t * third, (t + 1) * third)))} MB`).join(', ')}`,
    );
  } finally {
    look.disconnect();
  }
}

/** The parts to run (all by default; `node build/bench/redis.js cpu memory` runs two). */
const PARTS = ['windows', 'cpu', 'memory'];

export async function main(rounds = 5, parts = PARTS): Promise<void> {
  const server = await startRedis();
  try {
    const c = client(server.url);
    const version = /redis_version:(\S+)/.exec(await c.info('server'))![1];
    c.disconnect();
    const perUs = calibrate();
    console.log(
      `rx-mimo over Redis: redis-server ${version} on loopback, worker processes forked by this one; ` +
        `${cpus().length} cores, load average ${loadavg()
          .map((x) => x.toFixed(2))
          .join(', ')} at the start`,
    );
    if (parts.includes('windows')) await windows(server, rounds);
    if (parts.includes('cpu')) await scaling(server, 3, perUs);
    if (parts.includes('memory')) await memory(server, perUs);
    console.log(
      `\nload average ${loadavg()
        .map((x) => x.toFixed(2))
        .join(', ')} at the end`,
    );
  } finally {
    await server.stop();
  }
}

if (require.main === module) {
  const [first, ...rest] = process.argv.slice(2);
  if (first === 'worker') void serveOne(rest[0], rest[1], rest[2], rest[3]);
  else void main(5, first === undefined ? PARTS : [first, ...rest]);
}

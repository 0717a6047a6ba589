/**
 * `npm run bench -- --scenario redis`: items per second across one Redis
 * edge between two processes (a real redis-server on loopback): numbers from
 * the coordinator to a sink placed on a worker process, with 1 and 100 items
 * per entry, and with a credit window of 8 packs against one so large that
 * the edge is in effect unbounded. Wall-clock time of the whole run, median
 * of the rounds.
 */
import { fork } from 'child_process';
import { Workflow, forEach, range } from '../src/index';
import { redis, runWorker } from '../src/redis/index';
import { startRedis } from '../examples/redis-server';

/** numbers 0…n-1 → a sink on the worker `sink`, over an edge of `pack` items per entry and `window` entries. */
export function edge(n: number, pack: number, window: number): Workflow {
  const wf = new Workflow({ capacity: Math.max(64, pack) });
  wf.addStream(range(0, n, 1, { name: 'numbers' })).pipe(
    wf.addStream(
      forEach(() => {}, { name: 'sink' }),
      { worker: 'sink' },
    ),
    { pack, window },
  );
  return wf;
}

const CASES = [
  { pack: 1, window: 8, n: 20_000 },
  { pack: 100, window: 8, n: 1_000_000 },
  { pack: 100, window: 1_000_000, n: 1_000_000 },
];

async function worker(url: string, prefix: string, args: string): Promise<void> {
  await runWorker(edge, {
    transport: redis({ url, prefix }),
    worker: 'sink',
    args: JSON.parse(args) as unknown[],
    runs: 1,
  });
}

export async function main(rounds = 3): Promise<void> {
  const server = await startRedis();
  let k = 0;
  try {
    console.log(
      `rx-mimo over Redis: one edge between two processes, redis-server on loopback; median of ${rounds} rounds`,
    );
    console.log('| pack | window | items | items/s (median) |');
    console.log('|---:|---:|---:|---:|');
    for (const c of CASES) {
      const rates: number[] = [];
      for (let r = 0; r < rounds; r++) {
        const prefix = `bench${++k}`;
        const args = [c.n, c.pack, c.window];
        const child = fork(__filename, ['worker', server.url, prefix, JSON.stringify(args)], { stdio: 'inherit' });
        const exited = new Promise((resolve) => child.once('exit', resolve));
        const started = process.hrtime.bigint();
        await edge(c.n, c.pack, c.window).run({ transport: redis({ url: server.url, prefix }) });
        const seconds = Number(process.hrtime.bigint() - started) / 1e9;
        await exited;
        rates.push(c.n / seconds);
      }
      rates.sort((a, b) => a - b);
      const median = rates[Math.floor(rates.length / 2)];
      const w = c.window >= 1_000_000 ? 'unbounded' : String(c.window);
      console.log(`| ${c.pack} | ${w} | ${c.n.toLocaleString('en')} | ${Math.round(median).toLocaleString('en')} |`);
    }
  } finally {
    await server.stop();
  }
}

if (require.main === module) {
  const [first, ...rest] = process.argv.slice(2);
  if (first === 'worker') void worker(rest[0], rest[1], rest[2]);
  else void main();
}

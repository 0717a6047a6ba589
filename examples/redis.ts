/**
 * The log-processing example split across processes over Redis Streams: a
 * redis-server on a free loopback port, two worker processes of the worker
 * `parse` (its two replicas), and this process as the coordinator, which
 * reads the log, and partitions and counts the parsed entries. Each worker
 * prints how many lines it parsed; everything stops at the end.
 * Run: npm run example:redis [-- lines]
 */
import { fork } from 'child_process';
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { Workflow, forEach, map, partition } from '../src/index';
import { readLines } from '../src/node/index';
import { redis, runWorker } from '../src/redis/index';
import { LEVELS, generateLog, parse, type Counts, type Entry } from './log-processing';
import { startRedis } from './redis-server';

/** Lines parsed in this process (a worker's count). */
let parsed = 0;

/** The workflow, built alike by the coordinator and by each worker: `parse` runs on the worker `parse`, twice. */
export function splitLogs(input: string, counts: Counts): Workflow {
  const workflow = new Workflow({ capacity: 256 });
  const lines = workflow.addStream(readLines(input, { name: 'lines' }));
  const parser = workflow.addStream(
    map(
      (raw: string) => {
        parsed++;
        return parse(raw);
      },
      { name: 'parse' },
    ),
    { worker: 'parse', replicas: 2 },
  );
  type ByLevel = { ERROR: Entry; WARN: Entry; INFO: Entry; DEBUG: Entry; MALFORMED: Entry };
  const byLevel = workflow.addStream(partition<ByLevel>((e) => e.level, [...LEVELS, 'MALFORMED'], { name: 'byLevel' }));
  lines.pipe(parser, { pack: 100, window: 8 }).pipe(byLevel, { pack: 100, window: 8 });
  for (const level of [...LEVELS, 'MALFORMED'] as const) {
    const count = workflow.addStream(forEach<Entry>(() => void counts[level]++, { name: `count${level}` }));
    byLevel.output(level).pipe(count.input('in'));
  }
  return workflow;
}

const zero = (): Counts => ({ ERROR: 0, WARN: 0, INFO: 0, DEBUG: 0, MALFORMED: 0 });

/** A worker process: serves its part of one run, then says how many lines it parsed. */
async function worker(url: string, prefix: string, input: string): Promise<void> {
  await runWorker(splitLogs, { transport: redis({ url, prefix }), worker: 'parse', args: [input, zero()], runs: 1 });
  console.log(`worker parse (pid ${process.pid}): parsed ${parsed} lines`);
}

export async function main(lines = 100_000): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'rx-mimo-redis-'));
  const server = await startRedis();
  try {
    const input = join(dir, 'app.log');
    await generateLog(input, lines);
    const prefix = 'logs';
    console.log(`redis-server on ${server.url}`);
    const workers = [0, 1].map(() => {
      const child = fork(__filename, ['worker', server.url, prefix, input], {
        execArgv: ['-r', join(__dirname, '..', 'scripts', 'register.cjs')],
        stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
      });
      let output = '';
      child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
      return new Promise<string>((resolve, reject) =>
        child.once('exit', (code) =>
          code === 0 ? resolve(output.trim()) : reject(new Error(`worker exited ${code}`)),
        ),
      );
    });
    const counts = zero();
    const started = Date.now();
    await splitLogs(input, counts).run({ transport: redis({ url: server.url, prefix }) });
    const seconds = (Date.now() - started) / 1000;
    for (const line of (await Promise.all(workers)).sort()) console.log(line);
    const total = Object.values(counts).reduce((a, b) => a + b, 0);
    console.log(`coordinator: ${total} entries counted in ${seconds.toFixed(1)} s`);
    for (const [level, n] of Object.entries(counts)) console.log(`  ${level.padEnd(10)} ${n}`);
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  const [first, ...rest] = process.argv.slice(2);
  if (first === 'worker') void worker(rest[0], rest[1], rest[2]);
  else void main(Number(first ?? 100_000));
}

/**
 * `npm run bench -- --scenario threads [--quick]`: a workflow spread over
 * worker threads (threads() of rx-mimo/node), measured three ways, each
 * interleaved over rounds and reported as medians:
 *  - a CPU-bound map (~30 µs per item) in one thread, on 1 worker thread and on 2 replicas: the speed-up;
 *  - items/s across one thread boundary with nothing else to do, for a few packs and windows;
 *  - the coordinator's heap while an endless source feeds a sink that takes 1 item/ms in a thread:
 *    back-pressure across the boundary keeps it flat.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as os from 'node:os';
import { threads } from '../src/node/index';
import { counted as newCount, cpuBound, crossing, stalled } from './threads-pipeline';

const quick = process.argv.includes('--quick');
const rounds = quick ? 1 : 3;
const pipeline = pathToFileURL(join(__dirname, 'threads-pipeline.js'));
const gc = (globalThis as { gc?: () => void }).gc;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const rate = (x: number) => (x >= 1e6 ? `${(x / 1e6).toFixed(2)} M/s` : `${(x / 1e3).toFixed(0)} k/s`);

async function timed(run: () => Promise<void>): Promise<number> {
  const start = performance.now();
  await run();
  return performance.now() - start;
}

async function cpu(): Promise<string[]> {
  const n = quick ? 4000 : 20_000;
  const us = 30;
  const setups = [
    { label: 'in the main thread', replicas: 0 },
    { label: '1 worker thread', replicas: 1 },
    { label: '2 worker threads (replicas: 2)', replicas: 2 },
  ];
  const ms: number[][] = setups.map(() => []);
  const steady: number[][] = setups.map(() => []);
  for (let r = 0; r < rounds; r++) {
    for (const [k, s] of setups.entries()) {
      const counted = newCount();
      const wf = cpuBound(n, us, s.replicas, counted);
      const transport = threads({ module: pipeline, export: 'cpuBound', args: [n, us, s.replicas] });
      ms[k].push(await timed(() => wf.run({ transport })));
      if (counted.n !== n) throw new Error(`${s.label}: counted ${counted.n} of ${n}`);
      steady[k].push(counted.last - counted.first);
    }
  }
  const rates = ms.map((m) => n / (median(m) / 1000));
  const steadyRates = steady.map((m) => n / (median(m) / 1000));
  return [
    `CPU-bound map, ${us} µs per item, ${n.toLocaleString('en-US')} items (whole run, threads started; first to last item):`,
    ...setups.map(
      (s, k) => `  ${s.label.padEnd(32)} ${rate(rates[k]).padStart(10)} ${rate(steadyRates[k]).padStart(10)}`,
    ),
    `  speed-up of 2 replicas over 1: ${(rates[2] / rates[1]).toFixed(2)}× whole run, ${(steadyRates[2] / steadyRates[1]).toFixed(2)}× first to last item`,
  ];
}

async function boundary(): Promise<string[]> {
  const n = quick ? 200_000 : 2_000_000;
  const setups = [
    { pack: 1, window: 64 },
    { pack: 100, window: 4 },
    { pack: 100, window: 8 },
    { pack: 1000, window: 4 },
  ];
  const ms: number[][] = setups.map(() => []);
  for (let r = 0; r < rounds; r++) {
    for (const [k, s] of setups.entries()) {
      const size = s.pack === 1 ? n / 20 : n;
      const wf = crossing(size, s.pack, s.window);
      const transport = threads({ module: pipeline, export: 'crossing', args: [size, s.pack, s.window] });
      ms[k].push((await timed(() => wf.run({ transport }))) / size);
    }
  }
  return [
    `Across one thread boundary (numbers in the main thread, a counting sink in a worker thread):`,
    ...setups.map(
      (s, k) =>
        `  pack ${String(s.pack).padStart(4)}, window ${String(s.window).padStart(2)}: ${rate(1000 / median(ms[k])).padStart(10)}`,
    ),
  ];
}

async function memory(): Promise<string[]> {
  const seconds = quick ? 1.5 : 4;
  const heap = () => {
    gc?.();
    return process.memoryUsage().heapUsed;
  };
  const controller = new AbortController();
  const wf = stalled(100, 8);
  const samples: number[] = [];
  const run = wf
    .run({ transport: threads({ module: pipeline, export: 'stalled', args: [100, 8] }), signal: controller.signal })
    .catch(() => undefined);
  for (let t = 0; t < seconds * 4; t++) {
    await new Promise((r) => setTimeout(r, 250));
    samples.push(heap());
  }
  controller.abort();
  await run;
  const mb = (b: number) => `${(b / 2 ** 20).toFixed(1)} MB`;
  const settledAt = samples[3];
  const last = samples[samples.length - 1];
  return [
    `Endless source into a sink taking 1 item/ms in a worker thread (items ~1 KB, pack 100, window 8), ${seconds} s:`,
    `  coordinator heap after 1 s ${mb(settledAt)}, at the end ${mb(last)}: growth ${mb(last - settledAt)}` +
      (gc === undefined ? ' (run node with --expose-gc for exact numbers)' : ''),
  ];
}

export async function main(): Promise<void> {
  const cpus = os.cpus();
  console.log(
    `rx-mimo threads benchmark${quick ? ' (quick)' : ''}: ${cpus.length} × ${cpus[0]?.model.trim() ?? 'unknown CPU'}, ` +
      `Node ${process.version}, load average ${os.loadavg()[0].toFixed(1)}, ${new Date().toISOString()}\n` +
      `${rounds} round(s), medians\n`,
  );
  for (const part of [cpu, boundary, memory]) console.log(`${(await part()).join('\n')}\n`);
}

/**
 * `npm run bench [-- --quick] [-- --json] [-- --cpu] [-- --rounds N] [-- --only linear,join] [-- --libs rx-mimo,rxjs]`
 * `npm run bench -- --scenario threads [--quick]` (see threads.ts)
 *
 * Prints one table row per scenario and library: median items/s, the ratio to
 * rx-mimo in the same run, and the peak heap growth. `--json` prints one JSON
 * object per row instead, to compare across commits.
 */
import { execFileSync } from 'child_process';
import * as os from 'os';
import { exactHeap } from './harness';
import { runSuite, type Row } from './suite';

function option(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const quick = process.argv.includes('--quick');
const json = process.argv.includes('--json');
const cpu = process.argv.includes('--cpu');
const rounds = Number(option('--rounds') ?? (quick ? 1 : 5));
const list = (s: string | undefined) => (s === undefined ? undefined : s.split(','));

const machine = `${os.cpus().length} × ${os.cpus()[0]?.model.trim() ?? 'unknown CPU'}, Node ${process.version}, ${os.platform()} ${os.arch()}`;

/** The commit measured, so JSON lines from different commits can be told apart. */
function commit(): string | null {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return null;
  }
}

function mb(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(1)} MB`;
}

function rate(x: number): string {
  return x >= 1e6 ? `${(x / 1e6).toFixed(2)} M/s` : `${(x / 1e3).toFixed(0)} k/s`;
}

function table(rows: Row[]): string {
  const head = ['scenario', 'library', 'items', 'items/s (median)', '× rx-mimo', 'peak heap growth'];
  const body = rows.map((r) => [
    r.scenario,
    r.library,
    r.items.toLocaleString('en-US'),
    rate(r.itemsPerSec),
    r.ratio.toFixed(2),
    mb(r.peakHeapGrowth),
  ]);
  const widths = head.map((h, c) => Math.max(h.length, ...body.map((b) => b[c].length)));
  const line = (cells: string[]) =>
    `| ${cells.map((x, c) => (c >= 2 ? x.padStart(widths[c]) : x.padEnd(widths[c]))).join(' | ')} |`;
  const rule = `|${widths.map((w, c) => (c >= 2 ? `${'-'.repeat(w + 1)}:` : '-'.repeat(w + 2))).join('|')}|`;
  return [line(head), rule, ...body.map(line)].join('\n');
}

async function main(): Promise<void> {
  const started = Date.now();
  const date = new Date().toISOString();
  if (!json) {
    console.log(`rx-mimo benchmarks${quick ? ' (quick)' : ''}: ${machine}, ${date}`);
    console.log(
      `${rounds} timed round(s) after a checked warm-up; rates from ${cpu ? 'CPU time' : 'wall-clock time'}; heap growth from a baseline after ${exactHeap ? 'gc() (full for memory, young generation for the others)' : 'no collection (run node with --expose-gc)'}\n`,
    );
  }
  const rows = await runSuite({
    quick,
    rounds,
    cpu,
    items: option('--items') === undefined ? undefined : Number(option('--items')),
    scenarios: list(option('--only')),
    libraries: list(option('--libs')),
    progress: json ? undefined : (s, l, sample) => process.stderr.write(`  ${s} / ${l}: ${sample.ms.toFixed(0)} ms\n`),
  });
  if (json) {
    const at = commit();
    for (const r of rows)
      console.log(JSON.stringify({ ...r, rates: cpu ? 'cpu' : 'wall', machine, date, commit: at, quick }));
  } else {
    console.log(table(rows));
    console.log(`\n${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
}

// `--scenario threads` runs a workflow spread over worker threads (bench/threads.ts), and `--scenario redis`
// across processes over a real redis-server (bench/redis.ts), apart from the suite.
const scenario = option('--scenario');
const scenarios: Record<string, () => Promise<void>> = {
  threads: () => import('./threads').then((m) => m.main()),
  redis: () => import('./redis').then((m) => m.main()),
};
(scenario !== undefined && scenario in scenarios ? scenarios[scenario]() : main()).catch((err) => {
  console.error(err);
  process.exitCode = 1;
});

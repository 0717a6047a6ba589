/**
 * `node build/bench/compare.js DIR` — the A/B table of two builds measured in
 * turns: DIR holds `old-<i>.jsonl` and `new-<i>.jsonl`, the `--json` output of
 * `npm run bench` for round i of each build. For each scenario and library it
 * prints the median over rounds of each build's per-round median rate (from
 * CPU time and from wall-clock time) and the median over rounds of new ÷ old,
 * the pairs of one round having run one after the other (see bench/RESULTS.md).
 * A library that did not change between the builds (Node streams) is a control:
 * its new ÷ old shows the load that differed between the two runs of a round,
 * and the last column divides it out, round by round.
 */
import * as fs from 'fs';
import * as path from 'path';
import { median } from './harness';

interface Line {
  scenario: string;
  library: string;
  items: number;
  ms: number[];
  cpuMs: number[];
}

type Rates = { cpu: number; wall: number };

/** Items/s of one run (one invocation), the median of its rounds, from CPU and from wall-clock time. */
function rates(line: Line): Rates {
  return { cpu: line.items / (median(line.cpuMs) / 1000), wall: line.items / (median(line.ms) / 1000) };
}

function read(file: string): Map<string, Rates> {
  const rows = new Map<string, Rates>();
  for (const text of fs.readFileSync(file, 'utf8').split('\n')) {
    if (text.trim() === '') continue;
    const line = JSON.parse(text) as Line;
    rows.set(`${line.scenario} | ${line.library}`, rates(line));
  }
  return rows;
}

function mps(x: number): string {
  return x >= 1e6 ? `${(x / 1e6).toFixed(2)} M/s` : `${(x / 1e3).toFixed(0)} k/s`;
}

const CONTROL = 'node streams';

function main(): void {
  const dir = process.argv[2];
  if (dir === undefined) throw new Error('usage: node build/bench/compare.js DIR');
  const rounds = fs
    .readdirSync(dir)
    .map((f) => /^old-(\d+)\.jsonl$/.exec(f)?.[1])
    .filter((i): i is string => i !== undefined && fs.existsSync(path.join(dir, `new-${i}.jsonl`)));
  const pairs = rounds.map((i) => [read(path.join(dir, `old-${i}.jsonl`)), read(path.join(dir, `new-${i}.jsonl`))]);
  const keys = [...(pairs[0]?.[0].keys() ?? [])];
  console.log(`${pairs.length} rounds\n`);
  console.log(
    `| scenario | library | old (CPU) | new (CPU) | new ÷ old, CPU (median, range) | new ÷ old, wall | ÷ ${CONTROL}'s, CPU |`,
  );
  console.log('|---|---|---:|---:|---:|---:|---:|');
  for (const key of keys) {
    const control = `${key.split(' | ')[0]} | ${CONTROL}`;
    const kept = pairs.filter(([a, b]) => a.has(key) && b.has(key));
    const both = kept.map(([a, b]) => [a.get(key)!, b.get(key)!]);
    const cpu = both.map(([a, b]) => b.cpu / a.cpu).sort((x, y) => x - y);
    const wall = both.map(([a, b]) => b.wall / a.wall);
    const steady = kept
      .filter(([a, b]) => a.has(control) && b.has(control))
      .map(([a, b]) => b.get(key)!.cpu / a.get(key)!.cpu / (b.get(control)!.cpu / a.get(control)!.cpu));
    const cells = [
      mps(median(both.map(([a]) => a.cpu))),
      mps(median(both.map(([, b]) => b.cpu))),
      `**${median(cpu).toFixed(2)}** (${cpu[0].toFixed(2)}–${cpu[cpu.length - 1].toFixed(2)})`,
      median(wall).toFixed(2),
      steady.length === 0 ? '—' : median(steady).toFixed(2),
    ];
    console.log(`| ${key} | ${cells.join(' | ')} |`);
  }
}

main();

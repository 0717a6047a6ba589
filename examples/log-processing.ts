/**
 * Log processing: a large generated log file read line by line (the file is
 * read only as fast as the workflow takes lines), parsed, partitioned by level,
 * counted per level, with the errors written to a file — in bounded memory.
 * Run: npm run example:logs [-- lines]
 */
import { once } from 'events';
import { createWriteStream, mkdtempSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { Workflow, forEach, map, partition, type MetricsSnapshot } from '../src/index';
import { progress, readLines, type ProgressOutput } from '../src/node/index';

export const LEVELS = ['ERROR', 'WARN', 'INFO', 'DEBUG'] as const;
export type Level = (typeof LEVELS)[number];

export interface Entry {
  time: string;
  level: Level | 'MALFORMED';
  service: string;
  message: string;
  raw: string;
}

/** The level of line `i` of a generated log: 2% errors, 8% warnings, 50% info, the rest debug; every 1000th line is garbage. */
export function levelOf(i: number): Level | 'MALFORMED' {
  if (i % 1000 === 999) return 'MALFORMED';
  const r = (i * 7919) % 100;
  return r < 2 ? 'ERROR' : r < 10 ? 'WARN' : r < 60 ? 'INFO' : 'DEBUG';
}

/** Line `i` of a generated log. */
export function logLine(i: number): string {
  const level = levelOf(i);
  if (level === 'MALFORMED') return `#### corrupted record ${i}`;
  const time = new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString();
  return `${time} ${level} [svc-${i % 7}] request ${i} ${level === 'ERROR' ? 'failed: upstream timeout' : 'ok'}`;
}

/** Writes `lines` generated log lines to `path`, waiting whenever the file stream asks to. */
export async function generateLog(path: string, lines: number): Promise<void> {
  const file = createWriteStream(path);
  for (let i = 0; i < lines; i++) if (!file.write(`${logLine(i)}\n`)) await once(file, 'drain');
  file.end();
  await once(file, 'finish');
}

const LINE = /^(\S+) (ERROR|WARN|INFO|DEBUG) \[([^\]]+)\] (.*)$/;

/** Parses one line; a line that does not match is kept as MALFORMED. */
export function parse(raw: string): Entry {
  const m = LINE.exec(raw);
  if (m === null) return { time: '', level: 'MALFORMED', service: '', message: raw, raw };
  return { time: m[1], level: m[2] as Level, service: m[3], message: m[4], raw };
}

export interface LogReport {
  lines: number;
  counts: Counts;
  /** The most items ever buffered in all connections together, from the final metrics. */
  peakBuffered: number;
  /** The final metrics snapshot. */
  metrics: MetricsSnapshot;
}

export type Counts = Record<Level | 'MALFORMED', number>;

/**
 * The workflow: lines -> parse -> byLevel, ERROR lines to `writeError` (which
 * returns a promise when the writer needs to drain), the other levels counted.
 */
export function logWorkflow(
  input: string,
  writeError: (line: string) => unknown,
  counts: Counts,
  capacity = 256,
): Workflow {
  const workflow = new Workflow({ capacity });
  const lines = workflow.addStream(readLines(input, { name: 'lines' }));
  const parsed = workflow.addStream(map(parse, { name: 'parse' }));
  type ByLevel = { ERROR: Entry; WARN: Entry; INFO: Entry; DEBUG: Entry; MALFORMED: Entry };
  const byLevel = workflow.addStream(partition<ByLevel>((e) => e.level, [...LEVELS, 'MALFORMED'], { name: 'byLevel' }));
  const writeErrors = workflow.addStream(
    forEach<Entry>(
      (e) => {
        counts.ERROR++;
        return writeError(`${e.raw}\n`);
      },
      { name: 'writeErrors' },
    ),
  );
  lines.pipe(parsed).pipe(byLevel);
  byLevel.output('ERROR').pipe(writeErrors.input('in'));
  for (const level of ['WARN', 'INFO', 'DEBUG', 'MALFORMED'] as const) {
    const count = workflow.addStream(forEach<Entry>(() => void counts[level]++, { name: `count${level}` }));
    byLevel.output(level).pipe(count.input('in'));
  }
  return workflow;
}

/** Reads `input`, counts its lines per level and writes the ERROR lines to `errorsFile`. */
export async function processLogs(
  input: string,
  errorsFile: string,
  options: { capacity?: number; output?: ProgressOutput } = {},
): Promise<LogReport> {
  const counts: Counts = { ERROR: 0, WARN: 0, INFO: 0, DEBUG: 0, MALFORMED: 0 };
  const errors = createWriteStream(errorsFile);
  // Wait only when the file's own buffer is full: that back-pressures the whole pipeline.
  const write = (line: string) => (errors.write(line) ? undefined : once(errors, 'drain'));
  const workflow = logWorkflow(input, write, counts, options.capacity);
  let last: MetricsSnapshot | undefined;
  workflow.metrics(60_000).subscribe((m) => (last = m));
  const shown = progress(workflow, { output: options.output ?? process.stderr, label: 'logs' });
  try {
    await workflow.run();
  } finally {
    shown.unsubscribe();
    errors.end();
    await once(errors, 'close');
  }
  const metrics = last!;
  const peakBuffered = metrics.connections.reduce((n, c) => n + c.peak, 0);
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  return { lines: total, counts, peakBuffered, metrics };
}

export async function main(lines = 200_000): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'rx-mimo-logs-'));
  try {
    const input = join(dir, 'app.log');
    const errorsFile = join(dir, 'errors.log');
    await generateLog(input, lines);
    const report = await processLogs(input, errorsFile);
    const errorLines = readFileSync(errorsFile, 'utf8').split('\n').length - 1;
    console.log(`lines:       ${report.lines}`);
    for (const [level, n] of Object.entries(report.counts)) console.log(`${level.padEnd(12)} ${n}`);
    console.log(`errors file: ${errorLines} lines`);
    console.log(`buffered:    at most ${report.peakBuffered} items in all connections together`);
    console.log(`peak memory: ${Math.round(process.resourceUsage().maxRSS / 1024)} MB resident`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) main(Number(process.argv[2] ?? 200_000));

import { asyncScheduler, type Subscription } from 'rxjs';
import type { Workflow } from '../workflow/workflow';
import type { MetricsSnapshot } from '../workflow/metrics';
import { checkOptions } from '../options';

/** Where {@link progress} writes: `process.stderr` or anything with `write` (and `isTTY` for the live line). */
export interface ProgressOutput {
  write(text: string): unknown;
  readonly isTTY?: boolean;
  readonly columns?: number;
}

/** Options of {@link progress}. */
export interface ProgressOptions {
  /** Milliseconds between updates (default 1000; 250 on a TTY). */
  interval?: number;
  /** Where to write (default `process.stderr`). */
  output?: ProgressOutput;
  /** The line's prefix (default `rx-mimo`). */
  label?: string;
}

/**
 * Shows what a running workflow is doing: on a TTY one live line, rewritten in
 * place, else a plain line per update; and a last line when the run ends.
 * Each line gives the time, the status, the items that reached the sinks (and
 * how many per second), and the bottleneck: the fullest connection (its
 * consumer is the slowest stream), or the sources when every buffer is empty;
 * the last line names the connection that was full most often.
 *
 * ```
 * rx-mimo 2.0s running | sinks 120,000 items (61,000/s) | bottleneck parse.in 64/64 (100%)
 * ```
 *
 * @example
 * ```ts
 * import { progress } from 'rx-mimo/node';
 * progress(workflow);
 * await workflow.run();
 * ```
 * @returns the subscription; unsubscribe to stop early.
 */
export function progress(workflow: Workflow, options?: ProgressOptions): Subscription {
  const checked = checkOptions(options, ['interval', 'output', 'label'], 'progress(workflow, options)');
  const output: ProgressOutput = checked.output ?? process.stderr;
  const tty = output.isTTY === true;
  const label = checked.label ?? 'rx-mimo';
  const start = (workflow.scheduler ?? asyncScheduler).now();
  let previous: MetricsSnapshot | null = null;
  return workflow.metrics(checked.interval ?? (tty ? 250 : 1000)).subscribe((now) => {
    const ended = now.status !== 'running' && now.status !== 'idle';
    let line = progressLine(now, ended ? null : previous, start, label);
    previous = now;
    if (!tty) {
      output.write(`${line}\n`);
      return;
    }
    const width = output.columns ?? 0;
    if (width > 1 && line.length >= width) line = `${line.slice(0, width - 2)}…`;
    output.write(`\r\x1b[K${line}${ended ? '\n' : ''}`);
  });
}

/**
 * One progress line for a snapshot: the rate is measured since `previous`, or
 * since `start` (the average) when there is no previous snapshot. For a
 * display of one's own.
 *
 * @example
 * ```ts
 * let previous: MetricsSnapshot | null = null;
 * workflow.metrics(1000).subscribe((m) => {
 *   document.title = progressLine(m, previous, 0);
 *   previous = m;
 * });
 * ```
 */
export function progressLine(
  now: MetricsSnapshot,
  previous: MetricsSnapshot | null,
  start: number,
  label = 'rx-mimo',
): string {
  const done = sinkItems(now);
  const since = previous === null ? start : previous.time;
  const seconds = (now.time - since) / 1000;
  const delta = done - (previous === null ? 0 : sinkItems(previous));
  const rate = seconds > 0 ? `${count(delta / seconds)}/s${previous === null ? ' avg' : ''}` : '-/s';
  const parts = [
    `${label} ${((now.time - start) / 1000).toFixed(1)}s ${now.status}`,
    `sinks ${count(done)} items (${rate})`,
  ];
  if (now.status === 'running' || now.status === 'idle') parts.push(bottleneck(now));
  else parts.push(mostOftenFull(now));
  return parts.join(' | ');
}

/** The fullest connection now: its consumer is the slowest stream. */
function bottleneck(m: MetricsSnapshot): string {
  let fullest = null;
  for (const c of m.connections) if (c.size > 0 && (fullest === null || c.fill > fullest.fill)) fullest = c;
  if (fullest === null) return 'bottleneck sources (buffers empty)';
  return `bottleneck ${fullest.to} ${fullest.size}/${fullest.capacity} (${Math.round(fullest.fill * 100)}%)`;
}

/** Over a whole run, the connection that filled up most often. */
function mostOftenFull(m: MetricsSnapshot): string {
  let most = null;
  for (const c of m.connections) if (c.timesFull > 0 && (most === null || c.timesFull > most.timesFull)) most = c;
  return most === null ? 'no buffer was ever full' : `most often full ${most.to} (${count(most.timesFull)} times)`;
}

/** Items taken by the streams that deliver to no connection. */
function sinkItems(m: MetricsSnapshot): number {
  let n = 0;
  for (const s of m.streams) if (s.sink) n += s.itemsIn;
  return n;
}

function count(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

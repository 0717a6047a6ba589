/**
 * What every benchmark shares: the tally a sink adds items into (count, sum
 * and heap sampling), one timed run, and the statistics of several.
 */
import * as v8 from 'v8';
import { performance } from 'perf_hooks';

/** What a scenario's sink saw; every library must produce the same. */
export interface Outcome {
  count: number;
  sum: number;
}

/** The heap is sampled by sinks every this many items (and by a timer while the run waits). */
const SAMPLE_EVERY = 4096;
const SAMPLE_INTERVAL_MS = 5;

let heapPeak = 0;

/** Records the heap size if it is the largest seen in this run. */
export function sampleHeap(): void {
  const used = v8.getHeapStatistics().used_heap_size;
  if (used > heapPeak) heapPeak = used;
}

/** The sink's accumulator: one call per item, the same cost for every library. */
export class Tally implements Outcome {
  count = 0;
  sum = 0;

  add(value: number): void {
    this.sum += value;
    if ((++this.count & (SAMPLE_EVERY - 1)) === 0) sampleHeap();
  }
}

/** One library's implementation of one scenario: moves `n` items and adds what reaches the sink into `tally`. */
export type Impl = (n: number, tally: Tally) => Promise<void> | void;

/** One timed run. */
export interface Sample {
  outcome: Outcome;
  /** Wall-clock milliseconds. */
  ms: number;
  /** Milliseconds of CPU time (user + system) used by the process: steadier than `ms` on a busy machine. */
  cpuMs: number;
  /** Peak heap use above the level after a full collection before the run, in bytes. */
  heapGrowth: number;
}

const gc: ((options?: { type: 'minor' | 'major' }) => void) | undefined = (globalThis as { gc?: () => void }).gc;

/** Whether the heap is collected before each run (`node --expose-gc`). */
export const exactHeap = typeof gc === 'function';

/**
 * Runs `impl` once, timing it and sampling the heap.
 *
 * `fullGc` collects the whole heap first, for an exact baseline. Otherwise only
 * the young generation is collected: two full collections free the hidden
 * classes (maps) of objects that no longer exist, and the next run of a library
 * whose objects all died (a finished workflow) starts with its optimised code
 * thrown away; a process does not do that between two runs of its pipelines.
 */
export async function measure(impl: Impl, n: number, fullGc = false): Promise<Sample> {
  if (gc !== undefined) {
    if (fullGc) {
      gc();
      gc();
    } else gc({ type: 'minor' });
  }
  const base = v8.getHeapStatistics().used_heap_size;
  heapPeak = base;
  const tally = new Tally();
  const timer = setInterval(sampleHeap, SAMPLE_INTERVAL_MS);
  const cpu = process.cpuUsage();
  const start = performance.now();
  try {
    await impl(n, tally);
  } finally {
    clearInterval(timer);
  }
  const ms = performance.now() - start;
  const used = process.cpuUsage(cpu);
  sampleHeap();
  return {
    outcome: { count: tally.count, sum: tally.sum },
    ms,
    cpuMs: (used.user + used.system) / 1000,
    heapGrowth: heapPeak - base,
  };
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** A promise that settles in a later macrotask. */
export function macrotask(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

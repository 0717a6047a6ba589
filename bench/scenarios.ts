/**
 * The five scenarios, the work they do per item (shared by every library, so
 * that only the plumbing differs) and the outcome each must produce.
 */
import type { Impl, Outcome } from './harness';

export type ScenarioName = 'linear' | 'fan-out/fan-in' | 'join' | 'async' | 'memory';

/** One library's implementations of every scenario. */
export interface Library {
  name: string;
  /** One line on the idiom used, for RESULTS.md. */
  idiom: string;
  scenarios: Record<ScenarioName, Impl>;
  /**
   * Fewer items for scenarios this library cannot run at full size within the
   * time budget (a slow implementation, or a quadratic one); the table shows the count used.
   */
  maxItems?: Partial<Record<ScenarioName, number>>;
}

export interface Scenario {
  name: ScenarioName;
  /** What flows, for the table's heading. */
  shape: string;
  /** Items in the full run and in `--quick`. */
  items: number;
  quickItems: number;
  /** Timed rounds, when not the suite's (the memory scenario is measured once: its point is the heap). */
  rounds?: number;
  /** Collect the whole heap before each run, for an exact heap baseline. */
  fullGc?: boolean;
  /** The outcome every library must produce for `n` items. */
  expected(n: number): Outcome;
}

/** Connection capacity (high-water mark) of every bounded library. */
export const CAPACITY = 64;

// ---------------------------------------------------------------- the work

/** linear: map. */
export const double = (x: number): number => x * 2;
/** linear: filter. */
export const keep = (x: number): boolean => x % 3 !== 0;

/** fan-out/fan-in: the branches, each a map. */
export const BRANCHES = 4;
export const branch =
  (k: number) =>
  (x: number): number =>
    x + k;

/** join: the second source (the first is 0, 1, 2…) and how pairs combine. */
export const rightOf = (n: number, i: number): number => (n - i) % 1000;
export const times = (a: number, b: number): number => a * b;

/** async: concurrency, and the asynchronous map (an already resolved promise). */
export const CONCURRENCY = 8;
export const doubleAsync = (x: number): Promise<number> => Promise.resolve(x * 2);

/** memory: records of about 1 KB each (a 128-slot array of numbers), and how often the slow sink yields. */
export interface Record1K {
  id: number;
  payload: number[];
}
export const makeRecord = (i: number): Record1K => ({ id: i, payload: new Array<number>(128).fill(i) });
export const SLOW_EVERY = 100;

// ----------------------------------------------------------- the scenarios

function reference(n: number, body: (i: number, add: (v: number) => void) => void): Outcome {
  const out = { count: 0, sum: 0 };
  const add = (v: number) => {
    out.count++;
    out.sum += v;
  };
  for (let i = 0; i < n; i++) body(i, add);
  return out;
}

export const SCENARIOS: readonly Scenario[] = [
  {
    name: 'linear',
    shape: 'source → map(x*2) → filter(x%3≠0) → sink',
    items: 1_000_000,
    quickItems: 20_000,
    expected: (n) =>
      reference(n, (i, add) => {
        const y = double(i);
        if (keep(y)) add(y);
      }),
  },
  {
    name: 'fan-out/fan-in',
    shape: `source → broadcast to ${BRANCHES} maps → merge → sink`,
    items: 1_000_000,
    quickItems: 20_000,
    expected: (n) =>
      reference(n, (i, add) => {
        for (let k = 0; k < BRANCHES; k++) add(branch(k)(i));
      }),
  },
  {
    name: 'join',
    shape: 'two sources → zipWith(a*b) → sink',
    items: 1_000_000,
    quickItems: 20_000,
    expected: (n) => reference(n, (i, add) => add(times(i, rightOf(n, i)))),
  },
  {
    name: 'async',
    shape: `source → mapAsync(resolved promise, concurrency ${CONCURRENCY}) → sink`,
    items: 100_000,
    quickItems: 5_000,
    expected: (n) => reference(n, (i, add) => add(double(i))),
  },
  {
    name: 'memory',
    shape: `fast source of ~1 KB records → slow async sink (a macrotask every ${SLOW_EVERY})`,
    items: 200_000,
    quickItems: 5_000,
    rounds: 1,
    fullGc: true,
    expected: (n) => reference(n, (i, add) => add(i)),
  },
];

/**
 * The shared matrix of the stage specs: runs a stage alone, behind a failing
 * or endless source, in front of a downstream `take`, and between a fast
 * source of 100 000 items and a slow async sink (counting what is buffered).
 */
import { Workflow, collect, forEach, fromIterable, range, take, type Stream } from '../../src/index';
import type { Step } from '../../src/workflow/step';

/** An endless (or `n`-long) iterable of 0, 1, 2, … that counts how many items were pulled from it. */
export function counting(n = Infinity): { iterable: Iterable<number>; pulled: () => number; finished: () => boolean } {
  let pulled = 0;
  let finished = false;
  function* gen(): Generator<number> {
    try {
      while (pulled < n) yield pulled++;
    } finally {
      finished = true;
    }
  }
  return { iterable: gen(), pulled: () => pulled, finished: () => finished };
}

/** Yields `items`, then throws `new Error(message)`. */
export function* failing<T>(items: readonly T[], message = 'boom'): Generator<T> {
  yield* items;
  throw new Error(message);
}

/** A macrotask: lets timers, I/O and the engine's scheduled continuations run. */
export function macrotask(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Every connection of a workflow, by label (`stream.port`), with its peak fill and capacity. */
export function connections(wf: Workflow): Map<string, { peak: number; capacity: number; size: number }> {
  const result = new Map<string, { peak: number; capacity: number; size: number }>();
  for (const step of wf.steps) for (const input of step.inputs) result.set(input.conn.label, input.conn);
  return result;
}

/** The largest peak fill of any connection of a workflow. */
export function highestPeak(wf: Workflow): number {
  let max = 0;
  for (const c of connections(wf).values()) max = Math.max(max, c.peak);
  return max;
}

/** A sink that records every item and awaits after each: one promise in flight, a macrotask every `every` items. */
export function slowSink<T>(name: string, every = 50): { stream: Stream<{ in: T }, {}>; items: T[] } {
  const items: T[] = [];
  const stream = forEach<T>(
    async (item) => {
      items.push(item);
      if (items.length % every === 0) await macrotask();
      else await null;
    },
    { name },
  );
  return { stream, items };
}

export interface BoundedResult {
  wf: Workflow;
  /** Items received by the slow sink of each output. */
  received: Record<string, unknown[]>;
}

/**
 * Runs `stage` with a fast source of `n` items (0 … n-1, one source per input
 * unless `sources` gives other items) into a slow async sink per output, in a
 * strict workflow of the given capacity: pushing past a full connection throws.
 */
export async function boundedRun(
  stage: Stream<any, any>,
  options: { capacity: number; n?: number; sources?: Record<string, Iterable<unknown>> },
): Promise<BoundedResult> {
  const wf = new Workflow({ capacity: options.capacity, strict: true });
  const step = wf.addStream(stage);
  for (const port of stage.ins) {
    const items = options.sources?.[port] ?? range(0, options.n ?? 100_000);
    const source = wf.addStream(isStream(items) ? items : fromIterable(items, { name: `source ${port}` }));
    source.output('out').pipe(step.input(port));
  }
  const received: Record<string, unknown[]> = {};
  for (const port of stage.outs) {
    const sink = slowSink<unknown>(`sink ${port}`);
    received[port] = sink.items;
    step.output(port).pipe(wf.addStream(sink.stream).input('in'));
  }
  await wf.run();
  return { wf, received };
}

function isStream(x: unknown): x is Stream<{}, { out: unknown }> {
  return typeof (x as Stream).run === 'function';
}

/** Pipes an endless counting source into `stage` (port `in`) and `take(n)` after its `out`; returns what came out. */
export async function earlyFinish<U>(
  stage: Stream<{ in: number }, { out: U }>,
  n: number,
  capacity = 4,
): Promise<{ out: U[]; pulled: number; sourceFinished: boolean; stage: Step<any, any> }> {
  const wf = new Workflow({ capacity, strict: true });
  const source = counting();
  const sink = collect<U>();
  const step = wf.addStream(stage);
  wf.addStream(fromIterable(source.iterable))
    .pipe(step)
    .pipe(wf.addStream(take<U>(n)))
    .pipe(wf.addStream(sink));
  await wf.run();
  return { out: sink.items, pulled: source.pulled(), sourceFinished: source.finished(), stage: step };
}

/** `label peak` of every connection, sorted by label, after checking each stayed within its capacity. */
export function peaks(wf: Workflow): string[] {
  const result: string[] = [];
  for (const [label, c] of connections(wf)) {
    if (c.peak > c.capacity) throw new Error(`${label} buffered ${c.peak} items, over its capacity ${c.capacity}`);
    result.push(`${label} ${c.peak}`);
  }
  return result.sort();
}

/** A promise with its resolve function, for tests that settle work in a chosen order. */
export function deferred<T = void>(): {
  promise: Promise<T>;
  resolve: (value: T) => void;
  reject: (err: unknown) => void;
} {
  let resolve!: (value: T) => void;
  let reject!: (err: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Runs a one-input, one-output stage from a source that yields `items` then throws; the run must reject naming the source. */
export async function expectUpstreamError(stage: Stream<{ in: any }, any>): Promise<void> {
  const wf = new Workflow();
  const step = wf.addStream(stage);
  wf.addStream(fromIterable(failing([1, 2]), { name: 'source' }))
    .output('out')
    .pipe(step.input('in'));
  for (const port of stage.outs) step.output(port).pipe(wf.addStream(collect()).input('in'));
  await expectAsync(wf.run()).toBeRejectedWithError(/stream "source" failed: boom/);
  expect(step.state).toBe('failed');
}

/** Time allowed to a spec that pushes 100 000 items through a slow sink (the machine may be busy). */
export const BOUNDED_TIMEOUT = 60_000;

/** Waits, one macrotask at a time, until `cond` holds; fails after `limit` macrotasks. */
export async function until(cond: () => boolean, what: string, limit = 2000): Promise<void> {
  for (let i = 0; i < limit; i++) {
    if (cond()) return;
    await macrotask();
  }
  throw new Error(`gave up waiting until ${what}`);
}

/**
 * Runs a workflow built on a VirtualTimeScheduler one virtual millisecond at
 * a time: every action due by the frame runs, then the microtasks and a few
 * macrotasks (promises settling) are let run, and time moves on only to the
 * next frame that has something scheduled. So async stages (mapAsync,
 * forEach) with timers run in virtual time, each timer at its exact frame.
 * Resolves with the run's outcome and the frame it ended at.
 */
export async function runVirtual(
  make: (scheduler: import('rxjs').VirtualTimeScheduler) => Workflow,
  options: { maxFrame?: number; signal?: AbortSignal } = {},
): Promise<{ error?: unknown; frame: number }> {
  const { VirtualTimeScheduler } = await import('rxjs');
  const scheduler = new VirtualTimeScheduler();
  const wf = make(scheduler);
  let outcome: { error?: unknown } | null = null;
  wf.run({ signal: options.signal }).then(
    () => (outcome = {}),
    (error: unknown) => (outcome = { error }),
  );
  const maxFrame = options.maxFrame ?? 1_000_000;
  let frame = 0;
  for (let idle = 0; outcome === null && idle < 20;) {
    scheduler.maxFrames = frame;
    scheduler.flush();
    await macrotask();
    const next = scheduler.actions[0];
    if (next !== undefined && next.delay <= frame) {
      idle = 0;
      continue;
    }
    if (next !== undefined && next.delay <= maxFrame) {
      frame = next.delay;
      idle = 0;
    } else idle++;
  }
  return { ...(outcome ?? { error: new Error(`runVirtual: the run had not ended by frame ${frame}`) }), frame };
}

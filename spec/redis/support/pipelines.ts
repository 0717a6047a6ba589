/**
 * Workflows that the Redis specs run, built by the same factory in the
 * coordinator and in every worker (in this process or in child processes).
 */
import { Stream, Workflow, broadcast, collect, filter, forEach, fromIterable, map } from '../../../src/index';

/** The source of most of these workflows: 0…n-1, named `numbers`. */
function numbers(wf: Workflow, n: number) {
  return wf.addStream(
    fromIterable(
      Array.from({ length: n }, (_, i) => i),
      { name: 'numbers' },
    ),
  );
}

/** Where a coordinator's sink puts what it received (workers build their own, unused, copies). */
export const sinks: { items: unknown[] } = { items: [] };

/** numbers 0…n-1 → square (on worker `w`, `replicas`) → sink on the coordinator. */
export function squares(n: number, replicas = 1, pack = 10, window = 4, partition = false): Workflow {
  const wf = new Workflow({ capacity: 16 });
  const sink = collect<number>({ name: 'sink' });
  sinks.items = sink.items;
  numbers(wf, n)
    .pipe(
      wf.addStream(
        map((x: number) => x * x, { name: 'square' }),
        { worker: 'w', replicas, partitionBy: partition ? (x: number) => x % 3 : undefined },
      ),
      { pack, window },
    )
    .pipe(wf.addStream(sink), { pack, window });
  return wf;
}

/** numbers → a step on `w` that throws at item `at` → sink. */
export function fragile(n: number, at: number): Workflow {
  const wf = new Workflow({ capacity: 8 });
  numbers(wf, n)
    .pipe(
      wf.addStream(
        map(
          (x: number) => {
            if (x === at) throw new Error(`no ${x}`);
            return x;
          },
          { name: 'fragile' },
        ),
        { worker: 'w' },
      ),
      { pack: 5, window: 2 },
    )
    .pipe(wf.addStream(collect<number>({ name: 'sink' })));
  return wf;
}

/** numbers → `lazy` on `w`, which never reads: a deadlock across processes. */
export function lazy(n: number): Workflow {
  const wf = new Workflow({ capacity: 2 });
  const never = new Stream<{ in: number }, {}>({ name: 'lazy', ins: ['in'], fn: () => undefined });
  numbers(wf, n).pipe(wf.addStream(never, { worker: 'w' }), { pack: 2, window: 1 });
  return wf;
}

/** numbers → odd (on `a`) → tenfold (on `b`) → sink: two workers in a chain. */
export function chain(n: number): Workflow {
  const wf = new Workflow({ capacity: 8 });
  const sink = collect<number>({ name: 'sink' });
  sinks.items = sink.items;
  numbers(wf, n)
    .pipe(
      wf.addStream(
        filter((x: number) => x % 2 === 1, { name: 'odd' }),
        { worker: 'a' },
      ),
      { pack: 8, window: 2 },
    )
    .pipe(
      wf.addStream(
        map((x: number) => x * 10, { name: 'tenfold' }),
        { worker: 'b' },
      ),
      { pack: 8, window: 2 },
    )
    .pipe(wf.addStream(sink), { pack: 8, window: 2 });
  return wf;
}

export const PIPELINES: Record<string, (...args: any[]) => Workflow> = { squares, fragile, lazy, chain };

/** Called by `watched`'s sink (in the coordinator) after each item, with the count so far; the sink waits for a promise it returns. */
export const hooks: { onItem: ((count: number) => void | Promise<void>) | null } = { onItem: null };

/** Busy work of about `us` microseconds (so that a worker is caught mid-batch). */
function spin(us: number): void {
  const until = process.hrtime.bigint() + BigInt(us * 1000);
  while (process.hrtime.bigint() < until);
}

/** numbers → square (on `w`, ~`us` µs each) → a sink that calls `hooks.onItem`; for the fault specs. */
export function watched(n: number, us: number): Workflow {
  const wf = new Workflow({ capacity: 16 });
  const items: number[] = [];
  sinks.items = items;
  numbers(wf, n)
    .pipe(
      wf.addStream(
        map(
          (x: number) => {
            spin(us);
            return x * x;
          },
          { name: 'square' },
        ),
        { worker: 'w' },
      ),
      { pack: 10, window: 4 },
    )
    .pipe(
      wf.addStream(
        forEach(
          (x: number) => {
            items.push(x);
            return hooks.onItem?.(items.length);
          },
          { name: 'sink' },
        ),
      ),
      { pack: 10, window: 4 },
    );
  return wf;
}

PIPELINES.watched = watched;

/** An item of a random DAG: `o` its origin (the source's index), `v` its value. */
export interface Tagged {
  readonly o: number;
  readonly v: number;
}

/** A step of a random DAG: map (v·a + b) or filter (v % m !== r), fed by `from` (-1: the source), placed on `worker` ('' for none). */
export interface DagNode {
  readonly op: 'map' | 'filter';
  readonly a: number;
  readonly b: number;
  readonly from: number;
  readonly worker: string;
}

export interface DagSpec {
  readonly items: readonly number[];
  readonly source: string;
  readonly nodes: readonly DagNode[];
  /** Replicas per worker name (each placed step of a worker with 2 is partitioned by `o % 3`). */
  readonly replicas: Readonly<Record<string, number>>;
  /** pack and window of the connection into node i (and of node i's sink). */
  readonly packs: readonly number[];
  readonly windows: readonly number[];
  readonly capacity: number;
}

/** What each sink of `dag` received, by sink name. */
export const dagSinks: Map<string, Tagged[]> = new Map();

const apply = (n: DagNode, v: number): number | null =>
  n.op === 'map' ? (v * n.a + n.b) % 1000 : v % n.a === n.b % n.a ? null : v;

/** What each leaf's sink must receive, by sink name. */
export function dagReference(spec: DagSpec): Map<string, Tagged[]> {
  const out = new Map<string, Tagged[]>();
  const values = spec.nodes.map(() => [] as Tagged[]);
  const at = (i: number) => (i < 0 ? spec.items.map((v, o) => ({ o, v })) : values[i]);
  spec.nodes.forEach((n, i) => {
    for (const t of at(n.from)) {
      const v = apply(n, t.v);
      if (v !== null) values[i].push({ o: t.o, v });
    }
  });
  spec.nodes.forEach((_, i) => {
    if (!spec.nodes.some((m) => m.from === i)) out.set(`sink${i}`, values[i]);
  });
  return out;
}

/** A random DAG as a workflow: the source, a tree of steps (fan-out by broadcast), a sink per leaf on the coordinator. */
export function dag(spec: DagSpec): Workflow {
  const wf = new Workflow({ capacity: spec.capacity });
  dagSinks.clear();
  const placement = (worker: string) =>
    worker === ''
      ? undefined
      : {
          worker,
          replicas: spec.replicas[worker] ?? 1,
          partitionBy: (spec.replicas[worker] ?? 1) > 1 ? (t: Tagged) => t.o % 3 : undefined,
        };
  const outputs: { out: (i: number) => any; worker: string }[] = [];
  const wire = (from: number, worker: string) => {
    const children = spec.nodes.map((n, i) => ({ n, i })).filter((c) => c.n.from === from);
    if (children.length <= 1) return () => null;
    // Fan-out: a broadcast where the producer runs (its replicas, its partitioning).
    const fan = wf.addStream(broadcast(children.length, { name: `fan${from}` }), placement(worker));
    return fan;
  };
  const source = wf.addStream(
    fromIterable(
      spec.items.map((v, o) => ({ o, v })),
      { name: 'source' },
    ),
    placement(spec.source),
  );
  const producerOf = (from: number): { step: any; worker: string } =>
    from < 0 ? { step: source, worker: spec.source } : { step: steps[from], worker: spec.nodes[from].worker };
  const steps: any[] = [];
  const fans = new Map<number, any>();
  spec.nodes.forEach((n, i) => {
    steps.push(
      wf.addStream(
        n.op === 'map'
          ? map((t: Tagged) => ({ o: t.o, v: apply(n, t.v)! }), { name: `n${i}` })
          : filter((t: Tagged) => apply(n, t.v) !== null, { name: `n${i}` }),
        placement(n.worker),
      ),
    );
  });
  const childIndex = new Map<number, number>();
  spec.nodes.forEach((n, i) => {
    const { step, worker } = producerOf(n.from);
    const siblings = spec.nodes.filter((m) => m.from === n.from).length;
    let out;
    if (siblings > 1) {
      if (!fans.has(n.from)) {
        const fan = wire(n.from, worker) as any;
        step.output('out').pipe(fan.input('in'), { pack: spec.packs[i], window: spec.windows[i] });
        fans.set(n.from, fan);
      }
      const k = childIndex.get(n.from) ?? 0;
      childIndex.set(n.from, k + 1);
      out = fans.get(n.from).output(`out${k}`);
    } else out = step.output('out');
    out.pipe(steps[i].input('in'), { pack: spec.packs[i], window: spec.windows[i] });
    if (!spec.nodes.some((m) => m.from === i)) {
      const sink = collect<Tagged>({ name: `sink${i}` });
      dagSinks.set(`sink${i}`, sink.items);
      steps[i].output('out').pipe(wf.addStream(sink).input('in'), { pack: spec.packs[i], window: spec.windows[i] });
    }
  });
  void outputs;
  return wf;
}

PIPELINES.dag = dag;

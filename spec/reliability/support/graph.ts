/**
 * Random dataflow graphs for the reliability properties: a plain description
 * (nodes, edges, capacities) that fast-check generates and shrinks, and that
 * both the engine (through `buildGraph`) and the reference evaluator read.
 */
import * as fc from 'fast-check';

/** What a stream does to each item; `sum` emits one total once its inputs are done. */
export type Op =
  | { readonly kind: 'map'; readonly a: number; readonly b: number }
  | { readonly kind: 'filter'; readonly m: number; readonly r: number }
  | { readonly kind: 'dup' }
  | { readonly kind: 'sum' };

/** How a stream's run settles: synchronously, or with a Promise that waits before or after doing the work. */
export type Mode = 'sync' | 'async-before' | 'async-after';

/** The delays an async run may pick from, per run. */
export type Delay = 'micro' | 'immediate' | 'timeout';

/**
 * What an async run returns: a Promise, or a thenable that misbehaves in a way
 * Promises/A+ (2.3.3) says to tolerate: it fulfils twice, fulfils then rejects,
 * settles synchronously inside then(), or throws from then() after settling.
 */
export type Thenable = 'promise' | 'twice' | 'then-reject' | 'sync' | 'sync-then-throw';

export interface NodeSpec {
  /** Input ports (0: a source). */
  readonly ins: number;
  /** Output ports (0: a sink). */
  readonly outs: number;
  /** A source's items. */
  readonly items: readonly number[];
  readonly op: Op;
  /** Each result goes to one output chosen by its value, instead of to all. */
  readonly route: boolean;
  readonly mode: Mode;
  readonly delays: readonly Delay[];
  /** Percent chance that a run which has nothing left to do still returns true. */
  readonly spurious: number;
  /** What an async run returns. */
  readonly thenable: Thenable;
  /**
   * Takes an item only when every output has room for all it makes of it, then
   * pushes without looking again (the `while (!out.full) out.push(f(in.pop()))`
   * idiom): correct only if nothing else fills its connections between the look and the push.
   */
  readonly eager: boolean;
  /** Seeds the stream's own choices (delays, spurious trues) so a case replays exactly. */
  readonly seed: number;
}

export interface EdgeSpec {
  readonly from: number;
  readonly out: number;
  readonly to: number;
  readonly in: number;
}

export interface GraphSpec {
  readonly nodes: readonly NodeSpec[];
  readonly edges: readonly EdgeSpec[];
  /** Capacity of each input's connection: capacities[node][input]. */
  readonly capacities: readonly (readonly number[])[];
  readonly runsPerSlice: number;
}

const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('map' as const),
      a: fc.integer({ min: 1, max: 5 }),
      b: fc.integer({ min: 0, max: 9 }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('filter' as const),
      m: fc.integer({ min: 2, max: 4 }),
      r: fc.integer({ min: 0, max: 3 }),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'dup' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'sum' as const }) },
);

const modeArb: fc.Arbitrary<Mode> = fc.constantFrom<Mode>('sync', 'sync', 'async-before', 'async-after');

const delaysArb: fc.Arbitrary<Delay[]> = fc.oneof(
  { weight: 6, arbitrary: fc.constant<Delay[]>(['micro', 'immediate']) },
  { weight: 3, arbitrary: fc.constant<Delay[]>(['micro']) },
  { weight: 1, arbitrary: fc.constant<Delay[]>(['micro', 'immediate', 'timeout']) },
);

const rawNodeArb = fc.record({
  source: fc.boolean(),
  ins: fc.integer({ min: 1, max: 2 }),
  outs: fc.integer({ min: 0, max: 2 }),
  items: fc.array(fc.integer({ min: 0, max: 99 }), { maxLength: 24, size: 'max' }),
  op: opArb,
  route: fc.boolean(),
  mode: modeArb,
  delays: delaysArb,
  spurious: fc.constantFrom(0, 0, 10, 30),
  thenable: fc.constantFrom<Thenable>('promise', 'promise', 'twice', 'then-reject', 'sync', 'sync-then-throw'),
  eager: fc.boolean(),
  seed: fc.integer(),
  /** For each input: raw picks of producers, resolved against the nodes before this one. */
  producers: fc.array(fc.array(fc.nat(), { maxLength: 3, size: 'max' }), { minLength: 2, maxLength: 2 }),
  capacities: fc.array(fc.integer({ min: 1, max: 16 }), { minLength: 2, maxLength: 2 }),
});

/** DAGs of 1–`maxNodes` streams: edges go only from a node to a later one. */
export function graphArb(maxNodes = 15): fc.Arbitrary<GraphSpec> {
  return fc
    .record({
      raw: fc.array(rawNodeArb, { minLength: 1, maxLength: maxNodes, size: 'max' }),
      runsPerSlice: fc.constantFrom(1000, 1000, 3, 1),
    })
    .map(({ raw, runsPerSlice }) => resolveGraph(raw, runsPerSlice));
}

type RawNode = typeof rawNodeArb extends fc.Arbitrary<infer T> ? T : never;

function resolveGraph(raw: readonly RawNode[], runsPerSlice: number): GraphSpec {
  const nodes: NodeSpec[] = [];
  const edges: EdgeSpec[] = [];
  const capacities: number[][] = [];
  raw.forEach((r, j) => {
    // The first node is always a source, so every graph has something to carry.
    const source = j === 0 || r.source;
    const outs = source ? Math.max(1, r.outs) : r.outs;
    const ins = source ? 0 : r.ins;
    nodes.push({
      ins,
      outs,
      items: source ? r.items : [],
      op: r.op,
      route: r.route,
      mode: r.mode,
      delays: r.delays,
      spurious: r.spurious,
      thenable: r.thenable,
      // One result per item at most, so that room for it always comes (a connection holds at least one).
      eager: r.eager && r.op.kind !== 'dup',
      seed: r.seed,
    });
    capacities.push(r.capacities.slice(0, ins));
    const seen = new Set<string>();
    for (let k = 0; k < ins; k++) {
      for (const pick of r.producers[k]) {
        const from = pick % j;
        if (Number.isNaN(from) || nodes[from].outs === 0) continue;
        const out = Math.floor(pick / j) % nodes[from].outs;
        const key = `${from}.${out}->${k}`;
        if (seen.has(key)) continue;
        seen.add(key);
        edges.push({ from, out, to: j, in: k });
      }
    }
  });
  return { nodes, edges, capacities, runsPerSlice };
}

/** The results of one item at one node, before routing. */
export function applyOp(op: Op, v: number): number[] {
  switch (op.kind) {
    case 'map':
      return [(op.a * v + op.b) % 997];
    case 'filter':
      return v % op.m === op.r ? [] : [v];
    case 'dup':
      return [v, v + 1];
    case 'sum':
      return [];
  }
}

/** Which outputs a result goes to. */
export function route(node: NodeSpec, v: number): number[] {
  if (node.outs === 0) return [];
  if (node.route) return [v % node.outs];
  return Array.from({ length: node.outs }, (_, i) => i);
}

/** A small, seedable PRNG (mulberry32): a stream's choices replay with its case. */
export function prng(seed: number): () => number {
  let s = seed | 0;
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Adds edges from a node to itself or an earlier node: each raw pick is resolved against the graph. */
export function withBackEdges(graph: GraphSpec, picks: readonly [number, number, number, number][]): GraphSpec {
  const edges: EdgeSpec[] = [...graph.edges];
  const n = graph.nodes.length;
  for (const [f, t, o, i] of picks) {
    const from = f % n;
    const to = t % (from + 1);
    const src = graph.nodes[from];
    const dst = graph.nodes[to];
    if (src.outs === 0 || dst.ins === 0) continue;
    const edge = { from, out: o % src.outs, to, in: i % dst.ins };
    if (edges.some((e) => e.from === edge.from && e.out === edge.out && e.to === edge.to && e.in === edge.in)) continue;
    edges.push(edge);
  }
  return { ...graph, edges };
}

/**
 * Random DAGs of the fan-out and fan-in stages (broadcast, balance, partition,
 * fork; merge, mergePreferred, concat, zip, zipWith, joinByKey) with chains of
 * one-in one-out stages between them, as expression trees that fast-check
 * generates and shrinks. Paths meet again only in a stage that takes from any
 * input that has items (merge, mergePreferred): a blocking fan-in (concat,
 * zip) behind a common fan-out can deadlock by design (one branch full, the
 * other waited for), so blocking fan-ins only ever join independent subtrees.
 * Any DeadlockError is therefore false.
 *
 * `normalise` fixes, once, which stages a tree really has: an op that needs
 * its input in order (scan, take, batch) is left out behind a stream whose
 * order is not defined (after merge, balance or unordered mapAsync), and zip
 * of such a stream becomes merge. The build and the reference read the
 * normalised tree, so they always agree on the graph.
 */
import * as fc from 'fast-check';
import { asapScheduler } from 'rxjs';
import {
  Workflow,
  balance,
  broadcast,
  concat,
  fork,
  joinByKey,
  map,
  merge,
  mergePreferred,
  partition,
  tap,
  zip,
  zipWith,
  type Step,
  type Stream,
} from '../../../src/index';
import {
  Releases,
  addOp,
  applyOp,
  elementwise,
  hash,
  keepsOrder,
  opArb,
  sameList,
  sameMultiset,
  sinkArb,
  sinkStream,
  sourceArb,
  sourceItems,
  sourceStream,
  sorted,
  subsequence,
  type Op,
  type Sink,
  type Source,
} from './stage-model';

export type FanOut = 'broadcast' | 'balance' | 'partition' | 'fork';
/** `shared`: no stage, every input piped into one input port (the engine merges them in push order). */
export type FanIn = 'merge' | 'mergePreferred' | 'concat' | 'zip' | 'zipWith' | 'shared';

/** A chain into joinByKey: distinct keys (so each is unique on its input), then ops that keep them distinct. */
export interface JoinInput {
  readonly keys: readonly number[];
  readonly async: boolean;
  readonly ops: readonly Op[];
}

export type Expr =
  | { readonly kind: 'source'; readonly source: Source }
  | { readonly kind: 'op'; readonly input: Expr; readonly op: Op }
  | { readonly kind: 'fanIn'; readonly stage: FanIn; readonly inputs: readonly Expr[] }
  | { readonly kind: 'join'; readonly inputs: readonly JoinInput[] }
  /** A fan-out whose branches meet again in a merge. */
  | {
      readonly kind: 'diamond';
      readonly input: Expr;
      readonly fan: FanOut;
      readonly branches: readonly (readonly Op[])[];
      readonly fanIn: 'merge' | 'mergePreferred';
    };

export interface Dag {
  readonly root: Expr;
  /** How the root reaches the sinks: straight into one, or through a fan-out into one per branch. */
  readonly fan: FanOut | null;
  readonly branches: readonly (readonly Op[])[];
  readonly sinks: readonly Sink[];
  readonly capacities: readonly number[];
  readonly runsPerSlice: number;
  readonly asap: boolean;
}

/* ------------------------------------------------------------- generating */

/** No dropping buffers here: what they keep is not fixed, and everything behind them would be unknown. */
const dagOpArb = opArb(['backpressure']);
const opsArb = fc.array(dagOpArb, { maxLength: 3 });
const branchesArb = fc.array(opsArb, { minLength: 1, maxLength: 3 });
const fanOutArb = fc.constantFrom<FanOut>('broadcast', 'balance', 'partition', 'fork');

const joinInputArb: fc.Arbitrary<JoinInput> = fc.record({
  keys: fc.uniqueArray(fc.integer({ min: 0, max: 40 }), { maxLength: 20, size: 'max' }),
  async: fc.boolean(),
  ops: opsArb,
});

const { expr: exprArb } = fc.letrec<{ expr: Expr }>((tie) => ({
  expr: fc.oneof(
    { maxDepth: 3, depthIdentifier: 'dag' },
    { arbitrary: fc.record({ kind: fc.constant('source' as const), source: sourceArb(30) }), weight: 2 },
    { arbitrary: fc.record({ kind: fc.constant('op' as const), input: tie('expr'), op: dagOpArb }), weight: 2 },
    {
      arbitrary: fc.record({
        kind: fc.constant('fanIn' as const),
        stage: fc.constantFrom<FanIn>('merge', 'mergePreferred', 'concat', 'zip', 'zipWith', 'shared'),
        inputs: fc.array(tie('expr'), { minLength: 2, maxLength: 3 }),
      }),
      weight: 3,
    },
    {
      arbitrary: fc.record({
        kind: fc.constant('join' as const),
        inputs: fc.array(joinInputArb, { minLength: 2, maxLength: 3 }),
      }),
      weight: 1,
    },
    {
      arbitrary: fc.record({
        kind: fc.constant('diamond' as const),
        input: tie('expr'),
        fan: fanOutArb,
        branches: branchesArb,
        fanIn: fc.constantFrom('merge' as const, 'mergePreferred' as const),
      }),
      weight: 2,
    },
  ),
}));

export const dagArb: fc.Arbitrary<Dag> = fc
  .record({
    root: exprArb,
    fan: fc.option(fanOutArb, { nil: null }),
    branches: branchesArb,
    sinks: fc.array(sinkArb, { minLength: 3, maxLength: 3 }),
    capacities: fc.array(fc.integer({ min: 1, max: 16 }), { minLength: 16, maxLength: 16 }),
    runsPerSlice: fc.constantFrom(1000, 1),
    asap: fc.boolean(),
  })
  .map((dag) => ({ ...dag, root: normalise(dag.root).expr }));

/* ------------------------------------------------------------ normalising */

interface Normalised {
  readonly expr: Expr;
  /** The order of the items is defined (else only their multiset is). */
  readonly ordered: boolean;
}

/** Leaves out, behind a stream whose order is not defined, the ops that need order. */
export function normaliseOps(ops: readonly Op[], ordered: boolean): { ops: Op[]; ordered: boolean } {
  const kept: Op[] = [];
  for (const op of ops) {
    if (!ordered && !elementwise(op)) continue;
    kept.push(op);
    ordered = ordered && keepsOrder(op);
  }
  return { ops: kept, ordered };
}

/** The branches of a fan-out, normalised; balance gives every branch the same elementwise ops (see `branchInputs`). */
export function normaliseBranches(
  fan: FanOut,
  branches: readonly (readonly Op[])[],
  ordered: boolean,
): { branches: Op[][]; ordered: boolean[] } {
  const count = fan === 'fork' ? 2 : branches.length;
  const raw = Array.from({ length: count }, (_, b) => branches[b] ?? []);
  if (fan === 'balance') {
    const { ops } = normaliseOps(raw[0], false);
    return { branches: raw.map(() => ops), ordered: raw.map(() => ordered && ops.every(keepsOrder)) };
  }
  const result = raw.map((ops) => normaliseOps(ops, ordered));
  return { branches: result.map((r) => r.ops), ordered: result.map((r) => r.ordered) };
}

export function normalise(expr: Expr): Normalised {
  switch (expr.kind) {
    case 'source':
      return { expr, ordered: true };
    case 'op': {
      const input = normalise(expr.input);
      const { ops, ordered } = normaliseOps([expr.op], input.ordered);
      return ops.length === 0 ? input : { expr: { ...expr, input: input.expr }, ordered };
    }
    case 'fanIn': {
      const inputs = expr.inputs.map(normalise);
      const allOrdered = inputs.every((i) => i.ordered);
      let stage = expr.stage;
      if ((stage === 'zip' || stage === 'zipWith') && (inputs.length < 2 || !allOrdered)) stage = 'merge';
      if (stage === 'mergePreferred' && inputs.length < 2) stage = 'merge';
      const ordered =
        stage === 'zip' || stage === 'zipWith' || (allOrdered && (stage === 'concat' || inputs.length === 1));
      return { expr: { ...expr, stage, inputs: inputs.map((i) => i.expr) }, ordered };
    }
    case 'join': {
      // Ops that keep keys distinct: map is one-to-one on 0…100, the others drop, reorder, or emit one item.
      // Left out: those that repeat items or make new ones that may equal others (sums, hashes, separators).
      const repeats = new Set<Op['kind']>(['scan', 'batch', 'sliding', 'groupedWithin', 'intersperse', 'flatMap']);
      const inputs = expr.inputs.map((input) => ({
        ...input,
        ops: normaliseOps(
          input.ops.filter((op) => !repeats.has(op.kind)),
          true,
        ).ops,
      }));
      return { expr: { ...expr, inputs }, ordered: false };
    }
    case 'diamond': {
      const input = normalise(expr.input);
      const { branches } = normaliseBranches(expr.fan, expr.branches, input.ordered);
      const fanIn = branches.length < 2 ? 'merge' : expr.fanIn;
      return { expr: { ...expr, input: input.expr, branches, fanIn }, ordered: false };
    }
  }
}

/* --------------------------------------------------------------- reference */

/** What a normalised expression emits (a multiset when `normalise` says its order is not defined). */
export function evaluate(expr: Expr): number[] {
  switch (expr.kind) {
    case 'source':
      return sourceItems(expr.source);
    case 'op':
      return applyOp(expr.op, evaluate(expr.input));
    case 'fanIn': {
      const inputs = expr.inputs.map(evaluate);
      if (expr.stage !== 'zip' && expr.stage !== 'zipWith') return inputs.flat();
      const n = Math.min(...inputs.map((xs) => xs.length));
      return Array.from({ length: n }, (_, i) => hash(inputs.map((xs) => xs[i])));
    }
    case 'join': {
      const inputs = expr.inputs.map((input) => input.ops.reduce((xs, op) => applyOp(op, xs), [...input.keys]));
      const everywhere = inputs[0].filter((k) => inputs.every((xs) => xs.includes(k)));
      return everywhere.map((k) => hash(inputs.map(() => k)));
    }
    case 'diamond':
      return branchInputs(expr.fan, expr.branches.length, evaluate(expr.input)).flatMap((xs, b) =>
        expr.branches[b].reduce((ys, op) => applyOp(op, ys), xs),
      );
  }
}

/**
 * What each branch of a fan-out receives. Balance gives each item to any
 * branch with room: the reference gives every item to the first one, which is
 * right for the union because balance's branches all apply the same
 * elementwise ops.
 */
export function branchInputs(fan: FanOut, count: number, xs: readonly number[]): number[][] {
  switch (fan) {
    case 'broadcast':
      return Array.from({ length: count }, () => [...xs]);
    case 'partition':
      return Array.from({ length: count }, (_, b) => xs.filter((x) => x % count === b));
    case 'fork':
      return [xs.filter((x) => x % 2 === 0), xs.filter((x) => x % 2 !== 0)];
    case 'balance':
      return Array.from({ length: count }, (_, b) => (b === 0 ? [...xs] : []));
  }
}

/* ---------------------------------------------------------------- building */

export interface BuiltDag {
  readonly workflow: Workflow;
  readonly releases: Releases;
  /** What each sink received. */
  readonly sinks: number[][];
}

export function buildDag(dag: Dag): BuiltDag {
  const workflow = new Workflow({
    strict: true,
    runsPerSlice: dag.runsPerSlice,
    scheduler: dag.asap ? asapScheduler : undefined,
  });
  const releases = new Releases();
  let names = 0;
  let c = 0;
  const name = (what: string) => `n${names++} ${what}`;
  const capacity = () => ({ capacity: dag.capacities[c++ % dag.capacities.length] });
  const add = (s: Stream<any, any>) => workflow.addStream(s);
  /** A port to pipe from. */
  type End = [Step<any, any>, string];
  const pipe = ([from, port]: End, to: Step<any, any>, input: string) =>
    from.output(port).pipe(to.input(input), capacity());
  const chain = (start: End, ops: readonly Op[]): End => {
    let end = start;
    for (const op of ops) {
      const [first, last] = addOp(workflow, op, name(op.kind));
      pipe(end, first, 'in');
      end = [last, 'out'];
    }
    return end;
  };
  const numbered = (n: number, prefix: string) => Array.from({ length: n }, (_, i) => `${prefix}${i}`);
  const fanOut = (fan: FanOut, count: number): [Step<any, any>, string[]] => {
    const outs = numbered(count, 'out');
    switch (fan) {
      case 'broadcast':
        return [add(broadcast(count, { name: name('broadcast') })), outs];
      case 'balance':
        return [add(balance(count, { name: name('balance') })), outs];
      case 'partition':
        return [add(partition((x: number) => `out${x % count}`, outs, { name: name('partition') })), outs];
      case 'fork':
        return [add(fork((x: number) => x % 2 === 0, { name: name('fork') })), ['true', 'false']];
    }
  };
  const hashed = (stage: Step<any, any>, ins: string[]): End => {
    const h = add(map((set: Record<string, number>) => hash(ins.map((k) => set[k])), { name: name('hash') }));
    stage.pipe(h, capacity());
    return [h, 'out'];
  };
  const build = (expr: Expr): End => {
    switch (expr.kind) {
      case 'source':
        return [add(sourceStream(expr.source, name('source'), releases)), 'out'];
      case 'op':
        return chain(build(expr.input), [expr.op]);
      case 'fanIn': {
        if (expr.stage === 'shared') {
          const stage = add(tap<number>(() => undefined, { name: name('shared') }));
          // Every producer of one input pipes with the same capacity.
          const shared = capacity();
          for (const input of expr.inputs) {
            const [from, port] = build(input);
            from.output(port).pipe(stage.input('in'), shared);
          }
          return [stage, 'out'];
        }
        const ins = numbered(expr.inputs.length, 'in');
        const stage = add(fanInStage(expr.stage, ins, name(expr.stage)));
        expr.inputs.forEach((input, i) => pipe(build(input), stage, ins[i]));
        return expr.stage === 'zip' ? hashed(stage, ins) : [stage, 'out'];
      }
      case 'join': {
        const ins = numbered(expr.inputs.length, 'in');
        const stage = add(joinByKey((x: number) => x, ins, { name: name('joinByKey') }));
        expr.inputs.forEach((input, i) => {
          const source = add(keySource(input, name('keys'), releases));
          pipe(chain([source, 'out'], input.ops), stage, ins[i]);
        });
        return hashed(stage, ins);
      }
      case 'diamond': {
        const [fan, outs] = fanOut(expr.fan, expr.branches.length);
        pipe(build(expr.input), fan, 'in');
        const ins = numbered(outs.length, 'in');
        const meet = add(
          expr.fanIn === 'merge'
            ? merge(ins.length, { name: name('merge') })
            : mergePreferred(ins[0], ins.slice(1), { name: name('mergePreferred') }),
        );
        outs.forEach((port, b) => pipe(chain([fan, port], expr.branches[b]), meet, ins[b]));
        return [meet, 'out'];
      }
    }
  };
  const root = build(dag.root);
  const sinks: number[][] = [];
  const addSink = (end: End, b: number) => {
    const sink = sinkStream(dag.sinks[b], name('sink'));
    sinks.push(sink.items);
    pipe(end, add(sink.stream), 'in');
  };
  if (dag.fan === null) addSink(root, 0);
  else {
    const { branches } = normaliseBranches(dag.fan, dag.branches, normalise(dag.root).ordered);
    const [fan, outs] = fanOut(dag.fan, branches.length);
    pipe(root, fan, 'in');
    outs.forEach((port, b) => addSink(chain([fan, port], branches[b]), b));
  }
  return { workflow, releases, sinks };
}

function keySource(input: JoinInput, name: string, releases: Releases): Stream<{}, { out: number }> {
  return input.async
    ? sourceStream({ kind: 'async', items: input.keys, delays: ['micro', 'sync'] }, name, releases)
    : sourceStream({ kind: 'iterable', items: input.keys }, name, releases);
}

function fanInStage(stage: Exclude<FanIn, 'shared'>, ins: string[], name: string): Stream<any, any> {
  switch (stage) {
    case 'merge':
      return merge(ins.length, { name });
    case 'mergePreferred':
      return mergePreferred(ins[0], ins.slice(1), { name });
    case 'concat':
      return concat(ins.length, { name });
    case 'zip':
      return zip(ins.length, { name });
    case 'zipWith':
      return zipWith((set: Record<string, number>) => hash(ins.map((k) => set[k])), ins, { name });
  }
}

/* ---------------------------------------------------------------- checking */

/** Every way the sinks of a finished run differ from the reference. */
export function dagProblems(dag: Dag, built: BuiltDag): string[] {
  const root = normalise(dag.root);
  const xs = evaluate(root.expr);
  const found: string[] = [];
  const check = (b: number, want: readonly number[], ordered: boolean) => {
    const got = built.sinks[b];
    if (ordered ? !sameList(got, want) : !sameMultiset(got, want)) {
      found.push(
        `sink ${b} got [${ordered ? got : sorted(got)}], expected ${ordered ? '' : 'the multiset '}[${ordered ? want : sorted(want)}]`,
      );
    }
  };
  if (dag.fan === null) {
    check(0, xs, root.ordered);
    return found;
  }
  const { branches, ordered } = normaliseBranches(dag.fan, dag.branches, root.ordered);
  const inputs = branchInputs(dag.fan, branches.length, xs);
  const wants = inputs.map((ys, b) => branches[b].reduce((zs, op) => applyOp(op, zs), ys));
  if (dag.fan !== 'balance') {
    wants.forEach((want, b) => check(b, want, ordered[b]));
    return found;
  }
  // Balance: which branch gets an item is not defined; together they get everything, each in order.
  const all = built.sinks.flat();
  if (!sameMultiset(all, wants[0])) {
    found.push(`the sinks got [${sorted(all)}] together, expected the multiset [${sorted(wants[0])}]`);
  }
  built.sinks.forEach((got, b) => {
    if (ordered[b] && !subsequence(got, wants[0]))
      found.push(`sink ${b} got [${got}], not in the order of [${wants[0]}]`);
  });
  return found;
}

/**
 * The standard stages as plain descriptions that fast-check generates and
 * shrinks, each with its reference on arrays: sources (fromIterable, range,
 * fromAsyncIterable), one-in one-out stages (map, filter, scan, tap, take,
 * batch, mapAsync ordered and unordered, buffer under each overflow policy)
 * and sinks (collect, forEach with and without concurrency). The chain and DAG
 * properties build workflows from these and compare what arrives with what
 * the references compute.
 */
import * as fc from 'fast-check';
import {
  Workflow,
  batch,
  buffer,
  collect,
  filter,
  forEach,
  fromAsyncIterable,
  fromIterable,
  map,
  mapAsync,
  range,
  scan,
  take,
  tap,
  type OverflowStrategy,
  type Step,
  type Stream,
} from '../../../src/index';

/* ----------------------------------------------------------------- values */

/** Combines several numbers into one, order-sensitively (zip sets, batches, joined sets). */
export function hash(values: readonly number[]): number {
  let h = 7 + values.length;
  for (const v of values) h = (h * 31 + v) % 1009;
  return h;
}

/** How an asynchronous piece of work settles: at once (no promise), in a microtask, or after a macrotask. */
export type Delay = 'sync' | 'micro' | 'immediate';

export const delayArb: fc.Arbitrary<Delay> = fc.constantFrom('sync', 'micro', 'immediate');

/** A value after `delay`: the value itself, or a promise of it. */
function later<T>(value: T, delay: Delay): T | Promise<T> {
  if (delay === 'sync') return value;
  return new Promise<T>((resolve) => {
    if (delay === 'micro') queueMicrotask(() => resolve(value));
    else setImmediate(() => resolve(value));
  });
}

/* ---------------------------------------------------------------- sources */

export type Source =
  | { readonly kind: 'iterable'; readonly items: readonly number[] }
  | { readonly kind: 'range'; readonly start: number; readonly count: number }
  | { readonly kind: 'async'; readonly items: readonly number[]; readonly delays: readonly Delay[] };

const itemsArb = (maxLength: number) => fc.array(fc.integer({ min: 0, max: 99 }), { maxLength, size: 'max' });

export function sourceArb(maxLength: number, items = itemsArb(maxLength)): fc.Arbitrary<Source> {
  return fc.oneof(
    fc.record({ kind: fc.constant('iterable' as const), items }),
    fc.record({
      kind: fc.constant('range' as const),
      start: fc.integer({ min: 0, max: 60 }),
      count: fc.integer({ min: 0, max: maxLength }),
    }),
    fc.record({
      kind: fc.constant('async' as const),
      items,
      delays: fc.array(delayArb, { minLength: 1, maxLength: 4 }),
    }),
  );
}

/** The items a source emits, in order. */
export function sourceItems(source: Source): number[] {
  if (source.kind === 'range') return Array.from({ length: source.count }, (_, i) => source.start + i);
  return [...source.items];
}

/** Generator sources started and not released: each must be run to its end or closed by return(). */
export class Releases {
  private readonly open = new Set<string>();

  started(name: string): void {
    this.open.add(name);
  }

  released(name: string): void {
    this.open.delete(name);
  }

  problems(): string[] {
    return [...this.open].map((name) => `the source ${name} was neither run to its end nor closed`);
  }
}

export function sourceStream(source: Source, name: string, releases: Releases): Stream<{}, { out: number }> {
  if (source.kind === 'range') return range(source.start, source.count, 1, { name });
  if (source.kind === 'iterable') {
    const items = source.items;
    function* generate() {
      releases.started(name);
      try {
        yield* items;
      } finally {
        releases.released(name);
      }
    }
    return fromIterable(generate(), { name });
  }
  const { items, delays } = source;
  async function* generate() {
    releases.started(name);
    try {
      for (let i = 0; i < items.length; i++) {
        const delay = delays[i % delays.length];
        yield delay === 'sync' ? items[i] : await later(items[i], delay);
      }
    } finally {
      releases.released(name);
    }
  }
  return fromAsyncIterable(generate(), { name });
}

/* ------------------------------------------------------------- 1-1 stages */

export type Op =
  | { readonly kind: 'map'; readonly a: number; readonly b: number }
  | { readonly kind: 'filter'; readonly m: number }
  /** scan(fn, 0), or scan(fn) without a seed (the first item is the seed). */
  | { readonly kind: 'scan'; readonly seeded: boolean }
  | { readonly kind: 'tap' }
  | { readonly kind: 'take'; readonly n: number }
  /** batch(size, every), then each batch hashed to a number so that the chain goes on with numbers. */
  | { readonly kind: 'batch'; readonly size: number; readonly every?: number }
  | {
      readonly kind: 'mapAsync';
      readonly a: number;
      readonly concurrency: number;
      readonly ordered: boolean;
      readonly delays: readonly Delay[];
    }
  | { readonly kind: 'buffer'; readonly size: number; readonly overflow: OverflowStrategy };

export const OVERFLOWS: readonly OverflowStrategy[] = [
  'backpressure',
  'drop-head',
  'drop-tail',
  'drop-new',
  'drop-buffer',
  'fail',
];

export function opArb(overflows: readonly OverflowStrategy[] = OVERFLOWS): fc.Arbitrary<Op> {
  return fc.oneof(
    fc.record({
      kind: fc.constant('map' as const),
      a: fc.integer({ min: 1, max: 7 }),
      b: fc.integer({ min: 0, max: 9 }),
    }),
    fc.record({ kind: fc.constant('filter' as const), m: fc.integer({ min: 2, max: 4 }) }),
    fc.record({ kind: fc.constant('scan' as const), seeded: fc.boolean() }),
    fc.record({ kind: fc.constant('tap' as const) }),
    fc.record({ kind: fc.constant('take' as const), n: fc.integer({ min: 0, max: 40 }) }),
    fc.record(
      {
        kind: fc.constant('batch' as const),
        size: fc.integer({ min: 1, max: 5 }),
        every: fc.integer({ min: 1, max: 6 }),
      },
      { requiredKeys: ['kind', 'size'] },
    ),
    fc.record({
      kind: fc.constant('mapAsync' as const),
      a: fc.integer({ min: 1, max: 7 }),
      concurrency: fc.integer({ min: 1, max: 4 }),
      ordered: fc.boolean(),
      delays: fc.array(delayArb, { minLength: 1, maxLength: 4 }),
    }),
    fc.record({
      kind: fc.constant('buffer' as const),
      // Mostly small, so that more items than it holds wait in its input.
      size: fc.oneof(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 20 })),
      overflow: fc.constantFrom(...overflows),
    }),
  );
}

const mapFn = (a: number, b: number) => (x: number) => (a * x + b) % 101;
const filterFn = (m: number) => (x: number) => x % m !== 0;
const scanFn = (acc: number, x: number) => (acc + x) % 1009;

/** Builds an op as one stage, or two (batch, then a map hashing each batch); returns the first and the last. */
export function addOp(wf: Workflow, op: Op, name: string): [Step<any, any>, Step<any, any>] {
  const one = (s: Stream<any, any>): [Step<any, any>, Step<any, any>] => {
    const step = wf.addStream(s);
    return [step, step];
  };
  switch (op.kind) {
    case 'map':
      return one(map(mapFn(op.a, op.b), { name }));
    case 'filter':
      return one(filter(filterFn(op.m), { name }));
    case 'scan':
      // A scan without a seed takes no options: it keeps the default name.
      return one(op.seeded ? scan(scanFn, 0, { name }) : scan(scanFn));
    case 'tap':
      return one(tap<number>(() => undefined, { name }));
    case 'take':
      return one(take<number>(op.n, { name }));
    case 'batch': {
      const first = wf.addStream(batch<number>(op.size, op.every, { name }));
      const last = wf.addStream(map(hash, { name: `${name} hash` }));
      first.pipe(last);
      return [first, last];
    }
    case 'mapAsync': {
      const { a, delays } = op;
      return one(
        mapAsync((x: number, i: number) => later((a * x) % 101, delays[i % delays.length]), {
          name,
          concurrency: op.concurrency,
          ordered: op.ordered,
        }),
      );
    }
    case 'buffer':
      return one(buffer<number>(op.size, op.overflow, { name }));
  }
}

/**
 * Whether an op's output is fixed by its input list: what it emits is then
 * `applyOp(op, input)`. Unordered mapAsync (any order) is not, nor a buffer
 * under a drop policy that may meet an item while it and its output are both
 * full; see `checkUnfixed`. A buffer never meets one when its size, or the
 * capacity of its output's connection, holds its whole input.
 */
export function fixed(op: Op, inputLength = Infinity, outputCapacity = 0): boolean {
  if (op.kind === 'mapAsync') return op.ordered;
  if (op.kind === 'buffer') {
    return op.overflow === 'backpressure' || op.size >= inputLength || outputCapacity >= inputLength;
  }
  return true;
}

/** Applies each item on its own (no order, count or grouping involved): may follow a stream whose order is unknown. */
export function elementwise(op: Op): boolean {
  return op.kind === 'map' || op.kind === 'filter' || op.kind === 'tap' || op.kind === 'mapAsync' || isLossless(op);
}

/** A buffer that never drops: it holds items back, in order. */
function isLossless(op: Op): boolean {
  return op.kind === 'buffer' && op.overflow === 'backpressure';
}

/** Keeps the relative order of the items it lets through. */
export function keepsOrder(op: Op): boolean {
  return op.kind !== 'mapAsync' || op.ordered;
}

/** The reference on arrays: what the op emits for `xs` (for a buffer, what it emits when it drops nothing). */
export function applyOp(op: Op, xs: readonly number[]): number[] {
  switch (op.kind) {
    case 'map':
      return xs.map(mapFn(op.a, op.b));
    case 'filter':
      return xs.filter(filterFn(op.m));
    case 'scan': {
      if (!op.seeded) {
        let acc = xs[0];
        return xs.map((x, i) => (i === 0 ? x : (acc = scanFn(acc, x))));
      }
      let acc = 0;
      return xs.map((x) => (acc = scanFn(acc, x)));
    }
    case 'tap':
    case 'buffer':
      return [...xs];
    case 'take':
      return xs.slice(0, op.n);
    case 'batch': {
      const out: number[] = [];
      // A batch starts every `every` items (as RxJS bufferCount), and all still open are emitted at the end.
      const every = op.every ?? op.size;
      for (let i = 0; i < xs.length; i += every) out.push(hash(xs.slice(i, i + op.size)));
      return out;
    }
    case 'mapAsync':
      return xs.map((x) => (op.a * x) % 101);
  }
}

/**
 * What must hold of what an op whose output is not fixed (see `fixed`) emitted
 * (`got`) for the input `xs`, given how many items its overflow policy dropped.
 * `cut`: a consumer downstream stopped early, so the op may not have emitted
 * everything. Returns the broken invariants.
 */
export function checkUnfixed(
  op: Op,
  xs: readonly number[],
  got: readonly number[],
  dropped: number,
  cut: boolean,
): string[] {
  const found: string[] = [];
  if (op.kind === 'mapAsync') {
    const want = applyOp(op, xs);
    if (cut ? !subMultiset(got, want) : !sameMultiset(got, want)) {
      found.push(`emitted [${got}], which is not ${cut ? 'part' : 'a reordering'} of [${want}]`);
    }
    return found;
  }
  if (op.kind !== 'buffer') return [`${op.kind} has a fixed output`];
  if (!subsequence(got, xs)) found.push(`kept [${got}], which is not a subsequence of its input [${xs}]`);
  const accounted = got.length + dropped;
  if (cut ? accounted > xs.length : accounted !== xs.length) {
    found.push(`kept ${got.length} and dropped ${dropped} of ${xs.length} items`);
  }
  // Every policy but drop-new keeps the item that arrived last: no item comes after it to push it out.
  if (!cut && op.overflow !== 'drop-new' && xs.length > 0 && got[got.length - 1] !== xs[xs.length - 1]) {
    found.push(`did not keep the last item ${xs[xs.length - 1]} (kept [${got}])`);
  }
  return found;
}

/* ------------------------------------------------------------------ sinks */

export type Sink =
  | { readonly kind: 'collect' }
  | { readonly kind: 'forEach'; readonly concurrency: number; readonly delays: readonly Delay[] };

export const sinkArb: fc.Arbitrary<Sink> = fc.oneof(
  fc.constant({ kind: 'collect' as const }),
  fc.record({
    kind: fc.constant('forEach' as const),
    concurrency: fc.integer({ min: 1, max: 4 }),
    delays: fc.array(delayArb, { minLength: 1, maxLength: 4 }),
  }),
);

/** A sink stream and the list of what it received, in order (forEach calls its function in input order). */
export function sinkStream(sink: Sink, name: string): { stream: Stream<{ in: number }, {}>; items: number[] } {
  if (sink.kind === 'collect') {
    const stream = collect<number>({ name });
    return { stream, items: stream.items };
  }
  const items: number[] = [];
  const { delays } = sink;
  const stream = forEach(
    (x: number, i: number) => {
      items.push(x);
      return later(undefined, delays[i % delays.length]);
    },
    { name, concurrency: sink.concurrency },
  );
  return { stream, items };
}

/* ------------------------------------------------------------ comparisons */

export function sameList(a: readonly unknown[], b: readonly unknown[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

export function sorted(xs: readonly number[]): number[] {
  return [...xs].sort((p, q) => p - q);
}

export function sameMultiset(a: readonly number[], b: readonly number[]): boolean {
  return sameList(sorted(a), sorted(b));
}

/** Every item of `a` is in `b`, counted with multiplicity. */
export function subMultiset(a: readonly number[], b: readonly number[]): boolean {
  const left = new Map<number, number>();
  for (const x of b) left.set(x, (left.get(x) ?? 0) + 1);
  for (const x of a) {
    const n = left.get(x) ?? 0;
    if (n === 0) return false;
    left.set(x, n - 1);
  }
  return true;
}

/** `a` is `b` with some items left out, the rest in order. */
export function subsequence(a: readonly number[], b: readonly number[]): boolean {
  let j = 0;
  for (const x of a) {
    while (j < b.length && b[j] !== x) j++;
    if (j === b.length) return false;
    j++;
  }
  return true;
}

/** Every connection of a workflow that buffered more than its capacity. */
export function overfilled(wf: Workflow): string[] {
  const found: string[] = [];
  for (const step of wf.steps) {
    for (const input of step.inputs) {
      const conn = input.conn;
      if (conn.peak > conn.capacity)
        found.push(`${conn.label}: buffered ${conn.peak} items, capacity ${conn.capacity}`);
    }
  }
  return found;
}

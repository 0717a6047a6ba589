/**
 * The standard stages as plain descriptions that fast-check generates and
 * shrinks, each with its reference on arrays: sources (fromIterable, range,
 * fromAsyncIterable, fromReadable), one-in one-out stages (map, filter, scan, tap, take,
 * batch, mapAsync ordered and unordered, buffer under each overflow policy;
 * drop, takeWhile, dropWhile, sliding, intersperse, defaultIfEmpty, reduce,
 * distinct, distinctUntilChanged, flatMap over arrays, generators, async
 * generators and Observables, groupBy, recover; and the time stages) and
 * sinks (collect, forEach with and without concurrency, writeTo). The chain and DAG
 * properties build workflows from these and compare what arrives with what
 * the references compute.
 *
 * The time stages run on the real clock here, in one of two regimes where
 * their output on arrays is exact whatever the timing: a pace that changes
 * when items go but never which (delay with 0–2 ms, throttle at 20–100 items
 * a millisecond: the identity), or a period far longer than any run
 * (debounce, sample, groupedWithin, idleTimeout, completionTimeout and
 * keepAlive with LONG ms: no timer fires before the input ends, so debounce
 * gives the last item, sample nothing, groupedWithin batches of n and the
 * rest the identity). What they do when timers fire is checked against a
 * reference in frames under virtual time (spec/reliability/time-stages.spec.ts).
 */
import * as fc from 'fast-check';
import { Readable, Writable } from 'stream';
import { of, type Observable } from 'rxjs';
import {
  Workflow,
  batch,
  completionTimeout,
  debounce,
  defaultIfEmpty,
  delay,
  distinct,
  distinctUntilChanged,
  drop,
  dropWhile,
  flatMap,
  groupBy,
  groupedWithin,
  idleTimeout,
  intersperse,
  keepAlive,
  recover,
  reduce,
  sample,
  sliding,
  takeWhile,
  throttle,
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
import { fromReadable, writeTo } from '../../../src/node/index';

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
  | { readonly kind: 'async'; readonly items: readonly number[]; readonly delays: readonly Delay[] }
  /** fromReadable over an object-mode Readable that reads ahead up to its highWaterMark. */
  | { readonly kind: 'readable'; readonly items: readonly number[]; readonly highWaterMark: number };

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
    fc.record({ kind: fc.constant('readable' as const), items, highWaterMark: fc.integer({ min: 1, max: 8 }) }),
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
  if (source.kind === 'readable') {
    const items = source.items;
    let next = 0;
    const readable = new Readable({
      objectMode: true,
      highWaterMark: source.highWaterMark,
      read() {
        // Started when first read (a copy built for a run elsewhere, as on a worker, is never read).
        if (next === 0) releases.started(name);
        this.push(next < items.length ? items[next++] : null);
      },
    });
    // Released once read to its end, or destroyed (as fromReadable does when cancelled).
    readable.once('end', () => releases.released(name));
    readable.once('close', () => releases.released(name));
    return fromReadable<number>(readable, { name });
  }
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
  | { readonly kind: 'buffer'; readonly size: number; readonly overflow: OverflowStrategy }
  | { readonly kind: 'drop'; readonly n: number }
  | { readonly kind: 'takeWhile'; readonly m: number; readonly inclusive: boolean }
  | { readonly kind: 'dropWhile'; readonly m: number }
  /** sliding(size, step), each window hashed to a number. */
  | { readonly kind: 'sliding'; readonly size: number; readonly step: number }
  | { readonly kind: 'intersperse'; readonly sep: number; readonly start?: number; readonly end?: number }
  | { readonly kind: 'defaultIfEmpty'; readonly value: number }
  | { readonly kind: 'reduce' }
  | { readonly kind: 'distinct'; readonly m: number }
  | { readonly kind: 'distinctUntilChanged'; readonly m: number }
  /** flatMap to x % k items (x, x + 1, …) as an array, a generator, an async generator or an Observable. */
  | { readonly kind: 'flatMap'; readonly k: number; readonly concurrency: number; readonly inner: Inner }
  /** groupBy(x % k, () => map(identity)), evicting the idlest group beyond maxGroups. */
  | { readonly kind: 'groupBy'; readonly k: number; readonly maxGroups: number }
  | { readonly kind: 'recover' }
  | { readonly kind: 'delay'; readonly ms: number; readonly size: number }
  | { readonly kind: 'throttle'; readonly elements: number; readonly burst: number }
  /** A time stage whose period (LONG) outlasts any run: see the module's comment. */
  | { readonly kind: 'debounce' | 'sample' | 'idleTimeout' | 'completionTimeout' | 'keepAlive' }
  | { readonly kind: 'groupedWithin'; readonly n: number };

export type Inner = 'array' | 'generator' | 'async' | 'observable';

/** A period no run of a property reaches. */
export const LONG = 600_000;

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
    roundTwoOpArb,
  );
}

/** The stages of round two, as one arbitrary (so that they are drawn as often, together, as one stage of the first). */
const roundTwoOpArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('drop' as const), n: fc.integer({ min: 0, max: 20 }) }),
  fc.record({ kind: fc.constant('takeWhile' as const), m: fc.integer({ min: 2, max: 30 }), inclusive: fc.boolean() }),
  fc.record({ kind: fc.constant('dropWhile' as const), m: fc.integer({ min: 2, max: 30 }) }),
  fc.record({
    kind: fc.constant('sliding' as const),
    size: fc.integer({ min: 1, max: 5 }),
    step: fc.integer({ min: 1, max: 6 }),
  }),
  fc.record(
    {
      kind: fc.constant('intersperse' as const),
      sep: fc.integer({ min: 0, max: 100 }),
      start: fc.integer({ min: 0, max: 100 }),
      end: fc.integer({ min: 0, max: 100 }),
    },
    { requiredKeys: ['kind', 'sep'] },
  ),
  fc.record({ kind: fc.constant('defaultIfEmpty' as const), value: fc.integer({ min: 0, max: 100 }) }),
  fc.constant({ kind: 'reduce' as const }),
  fc.record({ kind: fc.constant('distinct' as const), m: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ kind: fc.constant('distinctUntilChanged' as const), m: fc.integer({ min: 1, max: 5 }) }),
  fc.record({
    kind: fc.constant('flatMap' as const),
    k: fc.integer({ min: 1, max: 5 }),
    concurrency: fc.oneof(fc.constant(1), fc.integer({ min: 1, max: 3 })),
    inner: fc.constantFrom<Inner>('array', 'generator', 'async', 'observable'),
  }),
  fc.record({
    kind: fc.constant('groupBy' as const),
    k: fc.integer({ min: 1, max: 6 }),
    maxGroups: fc.integer({ min: 1, max: 4 }),
  }),
  fc.constant({ kind: 'recover' as const }),
  fc.record({
    kind: fc.constant('delay' as const),
    ms: fc.integer({ min: 0, max: 2 }),
    size: fc.integer({ min: 1, max: 16 }),
  }),
  fc.record({
    kind: fc.constant('throttle' as const),
    elements: fc.integer({ min: 20, max: 100 }),
    burst: fc.integer({ min: 1, max: 20 }),
  }),
  fc.constantFrom(
    { kind: 'debounce' as const },
    { kind: 'sample' as const },
    { kind: 'idleTimeout' as const },
    { kind: 'completionTimeout' as const },
    { kind: 'keepAlive' as const },
  ),
  fc.record({ kind: fc.constant('groupedWithin' as const), n: fc.integer({ min: 1, max: 5 }) }),
);

const whileFn = (m: number) => (x: number) => x % m !== 0;
const innerItems = (k: number, x: number) => Array.from({ length: x % k }, (_, j) => (x + j) % 101);

/** The inner source of flatMap for x, in the given form. */
function innerOf(inner: Inner, k: number, x: number): Iterable<number> | AsyncIterable<number> | Observable<number> {
  const items = innerItems(k, x);
  switch (inner) {
    case 'array':
      return items;
    case 'generator':
      return (function* () {
        yield* items;
      })();
    case 'async':
      return (async function* () {
        for (const item of items) yield await later(item, item % 2 === 0 ? 'micro' : 'immediate');
      })();
    case 'observable':
      return of(...items);
  }
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
    case 'drop':
      return one(drop<number>(op.n, { name }));
    case 'takeWhile':
      return one(takeWhile(whileFn(op.m), { name, inclusive: op.inclusive }));
    case 'dropWhile':
      return one(dropWhile(whileFn(op.m), { name }));
    case 'sliding':
    case 'groupedWithin': {
      const first = wf.addStream(
        op.kind === 'sliding'
          ? sliding<number>(op.size, op.step, { name })
          : groupedWithin<number>(op.n, LONG, { name }),
      );
      const last = wf.addStream(map(hash, { name: `${name} hash` }));
      first.pipe(last);
      return [first, last];
    }
    case 'intersperse': {
      const edges: { start?: number; end?: number } = {};
      if (op.start !== undefined) edges.start = op.start;
      if (op.end !== undefined) edges.end = op.end;
      return one(intersperse<number, number>(op.sep, { name, ...edges }));
    }
    case 'defaultIfEmpty':
      return one(defaultIfEmpty<number, number>(op.value, { name }));
    case 'reduce':
      return one(reduce(scanFn, 0, { name }));
    case 'distinct':
      return one(distinct((x: number) => x % op.m, { name }));
    case 'distinctUntilChanged':
      return one(distinctUntilChanged((a: number, b: number) => a % op.m === b % op.m, { name }));
    case 'flatMap':
      return one(flatMap((x: number) => innerOf(op.inner, op.k, x), { name, concurrency: op.concurrency }));
    case 'groupBy':
      return one(
        groupBy(
          (x: number) => x % op.k,
          () => map((x: number) => x),
          { name, maxGroups: op.maxGroups, onOverflow: 'evict-idle' },
        ),
      );
    case 'recover':
      return one(recover<number>(() => undefined, { name }));
    case 'delay':
      return one(delay<number>(op.ms, { name, size: op.size }));
    case 'throttle':
      return one(throttle<number>(op.elements, 1, { name, burst: op.burst }));
    case 'debounce':
      return one(debounce<number>(LONG, { name }));
    case 'sample':
      return one(sample<number>(LONG, { name }));
    case 'idleTimeout':
      return one(idleTimeout<number>(LONG, { name }));
    case 'completionTimeout':
      return one(completionTimeout<number>(LONG, { name }));
    case 'keepAlive':
      return one(keepAlive<number, number>(LONG, () => -1, { name }));
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
  // Inner sources merged in turns, groups' outputs merged in turns: which item goes first depends on timing.
  if (op.kind === 'flatMap') return op.concurrency === 1;
  if (op.kind === 'groupBy') return false;
  if (op.kind === 'buffer') {
    return op.overflow === 'backpressure' || op.size >= inputLength || outputCapacity >= inputLength;
  }
  return true;
}

/** Applies each item on its own (no order, count or grouping involved): may follow a stream whose order is unknown. */
export function elementwise(op: Op): boolean {
  switch (op.kind) {
    case 'map':
    case 'filter':
    case 'tap':
    case 'mapAsync':
    case 'flatMap':
    case 'groupBy':
    case 'recover':
    case 'delay':
    case 'throttle':
    case 'idleTimeout':
    case 'completionTimeout':
    case 'keepAlive':
      return true;
    default:
      return isLossless(op);
  }
}

/** A buffer that never drops: it holds items back, in order. */
function isLossless(op: Op): boolean {
  return op.kind === 'buffer' && op.overflow === 'backpressure';
}

/** Keeps the relative order of the items it lets through. */
export function keepsOrder(op: Op): boolean {
  if (op.kind === 'flatMap') return op.concurrency === 1;
  if (op.kind === 'groupBy') return false;
  return op.kind !== 'mapAsync' || op.ordered;
}

/** The op cancels its input before the end for this input (take reached its count, takeWhile met an item that fails). */
export function stopsEarly(op: Op, xs: readonly number[]): boolean {
  if (op.kind === 'take') return xs.length >= op.n;
  if (op.kind === 'takeWhile') return xs.some((x) => !whileFn(op.m)(x));
  return false;
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
    case 'drop':
      return xs.slice(op.n);
    case 'takeWhile': {
      const pred = whileFn(op.m);
      const stop = xs.findIndex((x) => !pred(x));
      return stop < 0 ? [...xs] : xs.slice(0, op.inclusive ? stop + 1 : stop);
    }
    case 'dropWhile': {
      const pred = whileFn(op.m);
      const start = xs.findIndex((x) => !pred(x));
      return start < 0 ? [] : xs.slice(start);
    }
    case 'sliding': {
      const out: number[] = [];
      let covered = 0;
      let start = 0;
      for (; start + op.size <= xs.length; start += op.step) {
        out.push(hash(xs.slice(start, start + op.size)));
        covered = start + op.size;
      }
      // A last, shorter window only when it holds an item no other window had.
      if (start < xs.length && xs.length > covered) out.push(hash(xs.slice(start)));
      return out;
    }
    case 'groupedWithin': {
      const out: number[] = [];
      for (let i = 0; i < xs.length; i += op.n) out.push(hash(xs.slice(i, i + op.n)));
      return out;
    }
    case 'intersperse': {
      const out: number[] = [];
      if (op.start !== undefined) out.push(op.start);
      xs.forEach((x, i) => {
        if (i > 0) out.push(op.sep);
        out.push(x);
      });
      if (op.end !== undefined) out.push(op.end);
      return out;
    }
    case 'defaultIfEmpty':
      return xs.length === 0 ? [op.value] : [...xs];
    case 'reduce':
      return [xs.reduce(scanFn, 0)];
    case 'distinct': {
      const seen = new Set<number>();
      return xs.filter((x) => !seen.has(x % op.m) && seen.add(x % op.m) !== undefined);
    }
    case 'distinctUntilChanged':
      return xs.filter((x, i) => i === 0 || xs[i - 1] % op.m !== x % op.m);
    case 'flatMap':
      return xs.flatMap((x) => innerItems(op.k, x));
    case 'debounce':
      return xs.length === 0 ? [] : [xs[xs.length - 1]];
    case 'sample':
      return [];
    case 'groupBy':
    case 'recover':
    case 'delay':
    case 'throttle':
    case 'idleTimeout':
    case 'completionTimeout':
    case 'keepAlive':
      return [...xs];
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
  if (op.kind === 'mapAsync' || op.kind === 'flatMap' || op.kind === 'groupBy') {
    const want = applyOp(op, xs);
    if (cut ? !subMultiset(got, want) : !sameMultiset(got, want)) {
      found.push(`emitted [${got}], which is not ${cut ? 'part' : 'a reordering'} of [${want}]`);
    }
    // Each group keeps the order of its items.
    if (op.kind === 'groupBy') {
      for (let key = 0; key < op.k; key++) {
        const mine = got.filter((x) => x % op.k === key);
        const theirs = want.filter((x) => x % op.k === key);
        if (!sameList(mine, theirs.slice(0, mine.length)) || (!cut && mine.length !== theirs.length)) {
          found.push(`emitted [${mine}] for the key ${key}, expected [${theirs}] in that order`);
        }
      }
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
  | { readonly kind: 'forEach'; readonly concurrency: number; readonly delays: readonly Delay[] }
  /** writeTo an object-mode Writable whose writes complete after the delays, with a small highWaterMark. */
  | { readonly kind: 'writable'; readonly highWaterMark: number; readonly delays: readonly Delay[] };

export const sinkArb: fc.Arbitrary<Sink> = fc.oneof(
  fc.constant({ kind: 'collect' as const }),
  fc.record({
    kind: fc.constant('forEach' as const),
    concurrency: fc.integer({ min: 1, max: 4 }),
    delays: fc.array(delayArb, { minLength: 1, maxLength: 4 }),
  }),
  fc.record({
    kind: fc.constant('writable' as const),
    highWaterMark: fc.integer({ min: 1, max: 8 }),
    delays: fc.array(delayArb, { minLength: 1, maxLength: 4 }),
  }),
);

/** A sink stream and the list of what it received, in order (forEach calls its function in input order). */
export function sinkStream(sink: Sink, name: string): { stream: Stream<{ in: number }, {}>; items: number[] } {
  if (sink.kind === 'collect') {
    const stream = collect<number>({ name });
    return { stream, items: stream.items };
  }
  if (sink.kind === 'writable') {
    const items: number[] = [];
    const { delays } = sink;
    const writable = new Writable({
      objectMode: true,
      highWaterMark: sink.highWaterMark,
      write(chunk: number, _encoding, callback) {
        items.push(chunk);
        const done = later(undefined, delays[items.length % delays.length]);
        if (done instanceof Promise) void done.then(() => callback());
        else callback();
      },
    });
    return { stream: writeTo<number>(writable, { name }), items };
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

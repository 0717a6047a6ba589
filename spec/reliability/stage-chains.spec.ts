/**
 * Random chains of the standard stages (map, filter, scan, tap, take,
 * mapAsync, batch) between a generator source and a sink, with random
 * capacities, time slices and schedulers, in strict mode: the sink receives
 * exactly what the same operations give on a plain array, no buffer exceeds
 * its capacity, and the generator is released (run to its end, or closed by
 * return() when a `take` stops it early).
 */
import * as fc from 'fast-check';
import { asapScheduler } from 'rxjs';
import {
  Workflow,
  batch,
  broadcast,
  collect,
  filter,
  fromIterable,
  map,
  mapAsync,
  merge,
  partition,
  scan,
  take,
  tap,
  zip,
  type Step,
  type Stream,
} from '../../src/index';
import { PROPERTY_TIMEOUT, assertProperty, within } from './support/property';

type Op =
  | { kind: 'map'; a: number; b: number }
  | { kind: 'filter'; m: number }
  | { kind: 'scan' }
  | { kind: 'tap' }
  | { kind: 'take'; n: number }
  | { kind: 'mapAsync'; a: number; concurrency: number; immediate: boolean };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    kind: fc.constant('map' as const),
    a: fc.integer({ min: 1, max: 7 }),
    b: fc.integer({ min: 0, max: 9 }),
  }),
  fc.record({ kind: fc.constant('filter' as const), m: fc.integer({ min: 2, max: 4 }) }),
  fc.record({ kind: fc.constant('scan' as const) }),
  fc.record({ kind: fc.constant('tap' as const) }),
  fc.record({ kind: fc.constant('take' as const), n: fc.integer({ min: 0, max: 40 }) }),
  fc.record({
    kind: fc.constant('mapAsync' as const),
    a: fc.integer({ min: 1, max: 7 }),
    concurrency: fc.integer({ min: 1, max: 4 }),
    immediate: fc.boolean(),
  }),
);

const chainArb = fc.record({
  items: fc.array(fc.integer({ min: 0, max: 99 }), { maxLength: 60, size: 'max' }),
  ops: fc.array(opArb, { minLength: 1, maxLength: 8, size: 'max' }),
  /** Group the results in arrays of this size at the end (0: no batch). */
  batchSize: fc.integer({ min: 0, max: 5 }),
  capacities: fc.array(fc.integer({ min: 1, max: 16 }), { minLength: 10, maxLength: 10 }),
  runsPerSlice: fc.constantFrom(1000, 1),
  asap: fc.boolean(),
});

function reference(items: readonly number[], ops: readonly Op[], batchSize: number): unknown[] {
  let xs = [...items];
  for (const op of ops) {
    if (op.kind === 'map') xs = xs.map((x) => (op.a * x + op.b) % 101);
    else if (op.kind === 'filter') xs = xs.filter((x) => x % op.m !== 0);
    else if (op.kind === 'scan') {
      let acc = 0;
      xs = xs.map((x) => (acc = (acc + x) % 1009));
    } else if (op.kind === 'take') xs = xs.slice(0, op.n);
    else if (op.kind === 'mapAsync') xs = xs.map((x) => (op.a * x) % 101);
  }
  if (batchSize === 0) return xs;
  const out: number[][] = [];
  for (let i = 0; i < xs.length; i += batchSize) out.push(xs.slice(i, i + batchSize));
  return out;
}

function stage(op: Op): Stream<{ in: number }, { out: number }> {
  switch (op.kind) {
    case 'map':
      return map((x: number) => (op.a * x + op.b) % 101);
    case 'filter':
      return filter((x: number) => x % op.m !== 0);
    case 'scan':
      return scan((acc: number, x: number) => (acc + x) % 1009, 0);
    case 'tap':
      return tap<number>(() => undefined);
    case 'take':
      return take<number>(op.n);
    case 'mapAsync':
      return mapAsync(
        (x: number) =>
          new Promise<number>((resolve) => {
            const v = (op.a * x) % 101;
            if (op.immediate) setImmediate(() => resolve(v));
            else queueMicrotask(() => resolve(v));
          }),
        { concurrency: op.concurrency },
      );
  }
}

describe('reliability: chains of standard stages', () => {
  it(
    'give exactly what the operations give on an array, within capacity, releasing the source',
    async () => {
      await assertProperty(
        'stage-chains/linear',
        chainArb,
        async ({ items, ops, batchSize, capacities, runsPerSlice, asap }) => {
          const state = { started: false, released: false };
          function* source() {
            state.started = true;
            try {
              yield* items;
            } finally {
              state.released = true;
            }
          }
          const wf = new Workflow({ strict: true, runsPerSlice, scheduler: asap ? asapScheduler : undefined });
          const steps: Step<any, any>[] = [wf.addStream(fromIterable(source()))];
          for (const op of ops) steps.push(wf.addStream(stage(op)));
          if (batchSize > 0) steps.push(wf.addStream(batch<number>(batchSize)));
          const sink = collect<unknown>();
          steps.push(wf.addStream(sink));
          for (let i = 1; i < steps.length; i++)
            steps[i - 1].pipe(steps[i], { capacity: capacities[i % capacities.length] });
          await within(wf.run(), 5000, 'the chain');
          const problems: string[] = [];
          const expected = reference(items, ops, batchSize);
          if (JSON.stringify(sink.items) !== JSON.stringify(expected)) {
            problems.push(`the sink got ${JSON.stringify(sink.items)}, expected ${JSON.stringify(expected)}`);
          }
          for (const s of steps.slice(1)) {
            const conn = s.inputs[0].conn;
            if (conn.peak > conn.capacity)
              problems.push(`${s.name}: buffered ${conn.peak} items, capacity ${conn.capacity}`);
          }
          if (state.started && !state.released)
            problems.push('the source generator was neither run to its end nor closed');
          if (problems.length > 0) throw new Error(problems.join('\n'));
        },
        300,
      );
    },
    PROPERTY_TIMEOUT,
  );

  it(
    'zip of two random chains pairs items by index, within capacity',
    async () => {
      const zipCase = fc.record({
        left: fc.record({
          items: fc.array(fc.integer({ min: 0, max: 99 }), { maxLength: 40, size: 'max' }),
          ops: fc.array(opArb, { maxLength: 4 }),
        }),
        right: fc.record({
          items: fc.array(fc.integer({ min: 0, max: 99 }), { maxLength: 40, size: 'max' }),
          ops: fc.array(opArb, { maxLength: 4 }),
        }),
        capacities: fc.array(fc.integer({ min: 1, max: 16 }), { minLength: 12, maxLength: 12 }),
        runsPerSlice: fc.constantFrom(1000, 1),
      });
      await assertProperty(
        'stage-chains/zip',
        zipCase,
        async ({ left, right, capacities, runsPerSlice }) => {
          const wf = new Workflow({ strict: true, runsPerSlice });
          let c = 0;
          const chain = (side: { items: number[]; ops: Op[] }): Step<any, any> => {
            let last: Step<any, any> = wf.addStream(fromIterable(side.items));
            for (const op of side.ops) last = last.pipe(wf.addStream(stage(op)), { capacity: capacities[c++] });
            return last;
          };
          const z = wf.addStream(zip(['l', 'r']));
          chain(left).output('out').pipe(z.input('l'), { capacity: capacities[10] });
          chain(right).output('out').pipe(z.input('r'), { capacity: capacities[11] });
          const sink = collect<{ l: number; r: number }>();
          z.pipe(wf.addStream(sink));
          await within(wf.run(), 5000, 'the zip');
          const ls = reference(left.items, left.ops, 0) as number[];
          const rs = reference(right.items, right.ops, 0) as number[];
          const expected = ls.slice(0, Math.min(ls.length, rs.length)).map((l, i) => ({ l, r: rs[i] }));
          const problems: string[] = [];
          if (JSON.stringify(sink.items) !== JSON.stringify(expected)) {
            problems.push(`the sink got ${JSON.stringify(sink.items)}, expected ${JSON.stringify(expected)}`);
          }
          for (const s of wf.steps) {
            for (const input of s.inputs) {
              if (input.conn.peak > input.conn.capacity)
                problems.push(`${input.conn.label}: buffered ${input.conn.peak}, capacity ${input.conn.capacity}`);
            }
          }
          if (problems.length > 0) throw new Error(problems.join('\n'));
        },
        200,
      );
    },
    PROPERTY_TIMEOUT,
  );

  it(
    'a fan-out into two random chains and a fan-in gives each branch its exact share',
    async () => {
      const fanCase = fc.record({
        items: fc.array(fc.integer({ min: 0, max: 99 }), { maxLength: 50, size: 'max' }),
        split: fc.constantFrom('broadcast' as const, 'partition' as const),
        a: fc.array(opArb, { maxLength: 4 }),
        b: fc.array(opArb, { maxLength: 4 }),
        capacities: fc.array(fc.integer({ min: 1, max: 16 }), { minLength: 12, maxLength: 12 }),
        runsPerSlice: fc.constantFrom(1000, 1),
      });
      await assertProperty(
        'stage-chains/fan',
        fanCase,
        async ({ items, split, a, b, capacities, runsPerSlice }) => {
          const wf = new Workflow({ strict: true, runsPerSlice });
          let c = 0;
          const source = wf.addStream(fromIterable(items));
          const fan = wf.addStream(
            split === 'broadcast'
              ? broadcast(['x', 'y'])
              : partition((v: number) => (v % 2 === 0 ? 'x' : 'y'), ['x', 'y']),
          );
          source.pipe(fan, { capacity: capacities[c++] });
          /** The last step of a branch and its output port. */
          const chain = (port: 'x' | 'y', ops: Op[]): [Step<any, any>, string] => {
            let last: Step<any, any> = fan;
            let out = port as string;
            for (const op of ops) {
              const next = wf.addStream(stage(op));
              last.output(out).pipe(next.input('in'), { capacity: capacities[c++] });
              last = next;
              out = 'out';
            }
            return [last, out];
          };
          // merge, not concat: concat reads `y` only once `x` has ended, so behind a fan-out
          // whose `y` fills before `x` ends it deadlocks by design (reported as a DeadlockError).
          const fin = wf.addStream(merge(['x', 'y']));
          const [ax, axPort] = chain('x', a);
          ax.output(axPort).pipe(fin.input('x'), { capacity: capacities[10] });
          const [by, byPort] = chain('y', b);
          by.output(byPort).pipe(fin.input('y'), { capacity: capacities[11] });
          const sink = collect<number>();
          fin.pipe(wf.addStream(sink));
          await within(wf.run(), 5000, 'the fan');
          const xs = split === 'broadcast' ? items : items.filter((v) => v % 2 === 0);
          const ys = split === 'broadcast' ? items : items.filter((v) => v % 2 !== 0);
          const ex = reference(xs, a, 0) as number[];
          const ey = reference(ys, b, 0) as number[];
          const problems: string[] = [];
          const got = [...sink.items].sort((p, q) => p - q);
          const want = [...ex, ...ey].sort((p, q) => p - q);
          if (JSON.stringify(got) !== JSON.stringify(want))
            problems.push(`the sink got ${JSON.stringify(got)}, expected ${JSON.stringify(want)}`);
          for (const s of wf.steps) {
            for (const input of s.inputs) {
              if (input.conn.peak > input.conn.capacity)
                problems.push(`${input.conn.label}: buffered ${input.conn.peak}, capacity ${input.conn.capacity}`);
            }
          }
          if (problems.length > 0) throw new Error(problems.join('\n'));
        },
        200,
      );
    },
    PROPERTY_TIMEOUT,
  );
});

/**
 * Random chains of every one-in one-out stage (map, filter, scan, tap, take,
 * batch, mapAsync ordered and unordered, buffer under each overflow policy,
 * and the stages of round two: drop, takeWhile, dropWhile, sliding,
 * intersperse, defaultIfEmpty, reduce, distinct, distinctUntilChanged,
 * flatMap, groupBy, recover and the time stages; see stage-model.ts)
 * from a random source (fromIterable, range, fromAsyncIterable) into a random
 * sink (collect, forEach with concurrency), with random capacities, time slices
 * and schedulers, in strict mode. The sink receives exactly what the same
 * operations give on an array; no buffer exceeds its capacity; generator
 * sources are released (run to their end, or closed by return()).
 *
 * Where a stage's output is not fixed by its input (unordered mapAsync, a
 * buffer that may drop), a `tap` records what it emitted: that must keep the
 * stage's invariant (a reordering; a subsequence whose count and the drops add
 * up), and the reference goes on from it.
 */
import * as fc from 'fast-check';
import { asapScheduler } from 'rxjs';
import { StreamError, Workflow, tap, type Step } from '../../src/index';
import { PROPERTY_TIMEOUT, assertProperty, within } from './support/property';
import { quiesce } from './support/teardown';
import {
  Releases,
  addOp,
  applyOp,
  checkUnfixed,
  fixed,
  opArb,
  overfilled,
  sameList,
  sinkArb,
  sinkStream,
  sourceArb,
  sourceItems,
  sourceStream,
  stopsEarly,
  type Op,
} from './support/stage-model';

/**
 * A recover behind a buffer under 'fail' would turn the run's expected failure into a success with
 * what the buffer sent first: that recovery is specified on its own (spec/stages/recover.spec.ts and
 * the engine's recovery specs), so such a recover is a tap here, and the chain expects the failure.
 */
function withoutRecoveredFailures(ops: Op[]): Op[] {
  const failing = ops.findIndex((op) => op.kind === 'buffer' && op.overflow === 'fail');
  return failing < 0 ? ops : ops.map((op, i) => (i > failing && op.kind === 'recover' ? { kind: 'tap' } : op));
}

const chainArb = fc.record({
  source: sourceArb(60),
  ops: fc.array(opArb(), { minLength: 1, maxLength: 8, size: 'max' }).map(withoutRecoveredFailures),
  sink: sinkArb,
  capacities: fc.array(fc.integer({ min: 1, max: 16 }), { minLength: 10, maxLength: 10 }),
  runsPerSlice: fc.constantFrom(1000, 1),
  asap: fc.boolean(),
});

/** An op whose output may not be fixed by its input (whatever its length) gets a recorder behind it. */
function recorded(op: Op): boolean {
  return !fixed(op);
}

/** The message of a buffer that failed under overflow 'fail'. */
function overflowMessage(name: string, size: number): string {
  return (
    `stream "${name}" failed: buffer: an item arrived while ${size} items were buffered and the output was full ` +
    "(overflow 'fail'); make the consumer faster, raise the size, or choose 'backpressure' or a drop policy."
  );
}

describe('reliability: chains of standard stages', () => {
  it(
    'give exactly what the operations give on an array, within capacity, releasing the source',
    async () => {
      await assertProperty(
        'stage-chains/linear',
        chainArb,
        async ({ source, ops, sink, capacities, runsPerSlice, asap }) => {
          const releases = new Releases();
          const wf = new Workflow({ strict: true, runsPerSlice, scheduler: asap ? asapScheduler : undefined });
          let last: Step<any, any> = wf.addStream(sourceStream(source, 'source', releases));
          let c = 0;
          const capacity = () => ({ capacity: capacities[c++ % capacities.length] });
          const names = ops.map((op, i) => `op${i} ${op.kind}`);
          const records = new Map<number, number[]>();
          const stages = new Map<number, Step<any, any>>();
          const end = new Map<number, Step<any, any>>();
          ops.forEach((op, i) => {
            const [first, tail] = addOp(wf, op, names[i]);
            last.pipe(first, capacity());
            stages.set(i, first);
            end.set(i, tail);
            last = tail;
            if (recorded(op)) {
              const seen: number[] = [];
              records.set(i, seen);
              last = last.pipe(
                wf.addStream(tap((x: number) => void seen.push(x), { name: `${names[i]} record` })),
                capacity(),
              );
            }
          });
          const out = sinkStream(sink, 'sink');
          last.pipe(wf.addStream(out.stream), capacity());

          const problems: string[] = [];
          const items = sourceItems(source);
          let failure: unknown = null;
          try {
            await within(wf.run(), 5000, 'the chain');
          } catch (err) {
            failure = err;
          }
          if (failure !== null) {
            // Only a buffer under 'fail' may fail the run, and only one that can overflow: an item
            // arrived while it held `size` items and its output's connection was full, so more
            // than both together reached it. What reaches it is at most what the reference gives
            // its input (stages such as intersperse or flatMap emit more items than they take;
            // a buffer that drops, fewer).
            const i = ops.findIndex((_, k) => failure instanceof StreamError && failure.stream === names[k]);
            const op = ops[i];
            const reaching = i < 0 ? 0 : ops.slice(0, i).reduce((xs, o) => applyOp(o, xs), items).length;
            const expected =
              op?.kind === 'buffer' &&
              op.overflow === 'fail' &&
              op.size + end.get(i)!.outputPort('out').conns[0].capacity < reaching
                ? overflowMessage(names[i], op.size)
                : null;
            if (expected === null || (failure as Error).message !== expected) {
              problems.push(`the run failed: ${failure instanceof Error ? failure.message : String(failure)}`);
            }
          } else {
            // Each op's input, with what recorded ops really emitted standing in for the reference.
            const inputs: number[][] = [];
            let xs = items;
            ops.forEach((op, i) => {
              inputs.push(xs);
              xs = records.get(i) ?? applyOp(op, xs);
            });
            ops.forEach((op, i) => {
              const got = records.get(i);
              if (got === undefined) return;
              // A take further on that reached its count cancels upstream: this op may have emitted less.
              const cut = ops.some((o, j) => j > i && stopsEarly(o, inputs[j]));
              const dropped =
                op.kind === 'buffer' ? (stages.get(i)!.stream as unknown as { dropped: number }).dropped : 0;
              let found: string[];
              if (fixed(op, inputs[i].length, end.get(i)!.outputPort('out').conns[0].capacity)) {
                const want = applyOp(op, inputs[i]);
                found = [];
                if (!sameList(got, cut ? want.slice(0, got.length) : want))
                  found.push(`emitted [${got}], expected ${cut ? 'a prefix of ' : ''}[${want}]`);
                if (dropped !== 0)
                  found.push(`dropped ${dropped} items, though its size or its output's capacity held its whole input`);
              } else {
                found = checkUnfixed(op, inputs[i], got, dropped, cut);
              }
              for (const f of found) problems.push(`${names[i]}: ${f}`);
            });
            if (!sameList(out.items, xs)) problems.push(`the sink got [${out.items}], expected [${xs}]`);
          }
          // An async generator told to return() while it awaits finishes once that await settles.
          if (releases.problems().length > 0) await quiesce();
          problems.push(...overfilled(wf), ...releases.problems());
          if (problems.length > 0) throw new Error(problems.join('\n'));
        },
        1000,
      );
    },
    PROPERTY_TIMEOUT,
  );
});

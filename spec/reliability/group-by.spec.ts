/**
 * groupBy against a reference on arrays: random items and keys, random
 * maxGroups, capacities and sinks, a running sum per key as the
 * sub-pipeline. Under 'fail', the run fails exactly when more distinct keys
 * come than maxGroups, at the first key too many; otherwise each key's
 * outputs are exactly its running sums, in order. Under 'evict-idle', each
 * key's outputs are running sums that may restart from the seed (an evicted
 * group flushed, a new one opened) and nothing is lost; never more than
 * maxGroups sub-pipelines are alive at once.
 */
import * as fc from 'fast-check';
import { StreamError, Stream, Workflow, groupBy, type Step } from '../../src/index';
import { PROPERTY_TIMEOUT, assertProperty, within } from './support/property';
import { quiesce } from './support/teardown';
import { sinkArb, sinkStream, sourceArb, sourceItems, sourceStream, Releases, overfilled } from './support/stage-model';

const caseArb = fc.record({
  source: sourceArb(60),
  k: fc.integer({ min: 1, max: 10 }),
  maxGroups: fc.integer({ min: 1, max: 8 }),
  onOverflow: fc.constantFrom<'fail' | 'evict-idle'>('fail', 'evict-idle'),
  capacity: fc.integer({ min: 1, max: 4 }),
  capacities: fc.array(fc.integer({ min: 1, max: 8 }), { minLength: 2, maxLength: 2 }),
  sink: sinkArb,
});

const SEED = 0;
const add = (acc: number, x: number) => (acc + x) % 1009;
/** Outputs carry their key: key × 10 000 + sum. */
const keyOf = (y: number) => Math.floor(y / 10_000);
const sumOf = (y: number) => y % 10_000;

describe('reliability: groupBy', () => {
  it(
    'gives each key its running sums, within maxGroups, as the reference on arrays says',
    async () => {
      await assertProperty(
        'group-by',
        caseArb,
        async (c) => {
          let open = 0;
          let peak = 0;
          const build = (key: number) => {
            open++;
            peak = Math.max(peak, open);
            return new Stream<{ in: number }, { out: number }, { acc: number }>({
              name: 'sum',
              ins: ['in'],
              outs: ['out'],
              state: { acc: SEED },
              fn: (ins, outs, state) => {
                while (ins.in.size > 0 && !outs.out.full) {
                  state.acc = add(state.acc, ins.in.pop());
                  outs.out.push(key * 10_000 + state.acc);
                }
                return ins.in.size > 0;
              },
              finalize: () => open--,
            }) as Stream<any, any>;
          };
          const releases = new Releases();
          const wf = new Workflow({ strict: true });
          const sink = sinkStream(c.sink, 'sink');
          const grouped: Step<any, any> = wf.addStream(sourceStream(c.source, 'source', releases)).pipe(
            wf.addStream(
              groupBy((x: number) => x % c.k, build, {
                maxGroups: c.maxGroups,
                onOverflow: c.onOverflow,
                capacity: c.capacity,
              }),
            ),
            { capacity: c.capacities[0] },
          );
          grouped.pipe(wf.addStream(sink.stream), { capacity: c.capacities[1] });
          let failure: unknown = null;
          await within(wf.run(), 5000, 'the groupBy run').catch((e: unknown) => (failure = e));

          const problems: string[] = [];
          const items = sourceItems(c.source);
          const keys: number[] = [];
          for (const x of items) if (!keys.includes(x % c.k)) keys.push(x % c.k);
          if (c.onOverflow === 'fail' && keys.length > c.maxGroups) {
            const key = keys[c.maxGroups];
            const want =
              `stream "groupBy" failed: groupBy: the key ${key} came while ${c.maxGroups} groups were alive (maxGroups); ` +
              "raise maxGroups, or choose onOverflow: 'evict-idle' to close the group idle longest.";
            if (!(failure instanceof StreamError) || failure.message !== want) {
              problems.push(`expected the run to fail with: ${want}\ngot: ${String(failure)}`);
            }
          } else if (failure !== null) {
            problems.push(`the run failed: ${String(failure)}`);
          } else {
            if (sink.items.length !== items.length) problems.push(`${sink.items.length} items out of ${items.length}`);
            for (const key of keys) {
              const xs = items.filter((x) => x % c.k === key);
              const ys = sink.items.filter((y) => keyOf(y) === key).map(sumOf);
              if (c.onOverflow === 'fail') {
                let acc = SEED;
                const want = xs.map((x) => (acc = add(acc, x)));
                if (ys.join() !== want.join()) problems.push(`key ${key}: got [${ys}], expected [${want}]`);
              } else {
                // Running sums, each either going on from the one before or starting again from the seed.
                let acc = SEED;
                ys.forEach((y, i) => {
                  if (y === add(acc, xs[i])) acc = y;
                  else if (y === add(SEED, xs[i])) acc = y;
                  else problems.push(`key ${key}: output ${i} is ${y}, neither ${add(acc, xs[i])} nor a new sum`);
                });
              }
            }
            if (peak > c.maxGroups) problems.push(`${peak} groups were alive at once, maxGroups ${c.maxGroups}`);
          }
          // An async generator told to return() while it awaits finishes once that await settles.
          if (releases.problems().length > 0) await quiesce();
          if (open !== 0) problems.push(`${open} group streams were not finalized`);
          problems.push(...overfilled(wf), ...releases.problems());
          if (problems.length > 0) throw new Error(problems.join('\n'));
        },
        500,
      );
    },
    PROPERTY_TIMEOUT,
  );
});

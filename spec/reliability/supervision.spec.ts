/**
 * Fault property of supervision: map, filter, mapAsync (ordered or not, any
 * concurrency) and forEach whose function fails a random number of times
 * per item (a throw, or a rejection settling in a microtask or a
 * macrotask), under a random `onError` ('skip', 'fail' or a function of the
 * item) and, for the async stages, a random `retry` with back-off and an
 * injected jitter, in virtual time. Against the reference on arrays: each
 * item is called min(failures + 1, attempts) times, each retry exactly its
 * back-off after the failure before it; what comes out is the items that
 * succeeded, in order (as a set when unordered); the skipped count in
 * metrics is the items given up and skipped; and the run fails exactly when
 * one given-up item is decided 'fail', with that item's error as the cause.
 */
import * as fc from 'fast-check';
import {
  StreamError,
  Workflow,
  collect,
  filter,
  forEach,
  fromIterable,
  map,
  mapAsync,
  type MetricsSnapshot,
  type RetryOptions,
  type Stream,
} from '../../src/index';
import { runVirtual } from '../stages/support';
import { PROPERTY_TIMEOUT, assertProperty, within } from './support/property';
import { sameList, sorted } from './support/stage-model';

type Kind = 'map' | 'filter' | 'mapAsync' | 'forEach';
type How = 'throw' | 'micro' | 'macro';
type Policy = 'skip' | 'fail' | 'by-item';

const caseArb = fc
  .record({
    kind: fc.constantFrom<Kind>('map', 'filter', 'mapAsync', 'forEach'),
    items: fc.array(fc.integer({ min: 0, max: 99 }), { maxLength: 25 }),
    failures: fc.array(fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 5 })), { minLength: 25, maxLength: 25 }),
    how: fc.array(fc.constantFrom<How>('throw', 'micro', 'macro'), { minLength: 1, maxLength: 4 }),
    policy: fc.constantFrom<Policy>('skip', 'fail', 'by-item'),
    attempts: fc.integer({ min: 1, max: 4 }),
    min: fc.integer({ min: 0, max: 20 }),
    max: fc.integer({ min: 0, max: 60 }),
    factor: fc.constantFrom(1, 1.5, 2, 3),
    jitter: fc.constantFrom(0, 0.25, 1),
    random: fc.constantFrom(0, 0.5, 0.75),
    concurrency: fc.integer({ min: 1, max: 4 }),
    ordered: fc.boolean(),
    capacity: fc.integer({ min: 1, max: 8 }),
  })
  .map((c) => ({ ...c, max: Math.max(c.min, c.max) }));

type Case = typeof caseArb extends fc.Arbitrary<infer C> ? C : never;

const value = (x: number) => (x * 7 + 3) % 101;
const passes = (x: number) => x % 3 !== 0;
const decideByItem = (_err: unknown, item: number) => (item % 2 === 0 ? 'skip' : 'fail') as 'skip' | 'fail';

/** The wait before retry n (1 for the first), as documented. */
function backoff(c: Case, n: number): number {
  return Math.min(c.max, c.min * Math.pow(c.factor, n - 1)) * (1 + c.jitter * c.random);
}

describe('reliability: supervision', () => {
  it(
    'onError and retry: calls, waits, outputs, skips and failures as the reference on arrays says',
    async () => {
      await assertProperty(
        'supervision',
        caseArb,
        async (c) => {
          const async = c.kind === 'mapAsync' || c.kind === 'forEach';
          const attempts = async ? c.attempts : 1;
          const calls: number[][] = c.items.map(() => []);
          const errors: Error[] = c.items.map((_, i) => new Error(`item ${i} failed`));
          const left = c.items.map((_, i) => c.failures[i]);
          const consumed: number[] = [];
          const sink = collect<number>({ name: 'sink' });
          let snapshot: MetricsSnapshot | undefined;
          const onError = c.policy === 'by-item' ? decideByItem : c.policy;
          const retry: RetryOptions = {
            attempts,
            backoff: { min: c.min, max: c.max, factor: c.factor, jitter: c.jitter },
            random: () => c.random,
          };
          const result = await within(
            runVirtual((scheduler) => {
              const fn = (x: number, i: number): unknown => {
                calls[i].push(scheduler.now());
                const how = async ? c.how[(i + calls[i].length) % c.how.length] : 'throw';
                if (left[i] > 0) {
                  left[i]--;
                  if (how === 'throw') throw errors[i];
                  return new Promise((_, reject) => {
                    if (how === 'micro') queueMicrotask(() => reject(errors[i]));
                    else setImmediate(() => reject(errors[i]));
                  });
                }
                const out = c.kind === 'filter' ? passes(x) : value(x);
                if (c.kind === 'forEach') consumed.push(x);
                return how === 'macro' ? new Promise((resolve) => setImmediate(() => resolve(out))) : out;
              };
              const wf = new Workflow({ scheduler, capacity: c.capacity, strict: true });
              const name = 'stage';
              let stage: Stream<{ in: number }, any>;
              if (c.kind === 'map') stage = map(fn as (x: number, i: number) => number, { name, onError });
              else if (c.kind === 'filter') stage = filter(fn, { name, onError });
              else if (c.kind === 'mapAsync') {
                stage = mapAsync(fn as (x: number, i: number) => Promise<number>, {
                  name,
                  onError,
                  retry,
                  concurrency: c.concurrency,
                  ordered: c.ordered,
                });
              } else stage = forEach(fn, { name, onError, retry, concurrency: c.concurrency });
              const step = wf.addStream(fromIterable(c.items)).pipe(wf.addStream(stage));
              if (c.kind !== 'forEach') step.pipe(wf.addStream(sink));
              wf.metrics(1e9).subscribe((m) => (snapshot = m));
              return wf;
            }),
            10_000,
            'the supervised run',
          );

          // The reference: which items succeed, which are given up, and what onError says of each given up.
          const problems: string[] = [];
          const succeeds = c.items.map((_, i) => c.failures[i] < attempts);
          const decisions = c.items.map((x, i) =>
            succeeds[i] ? null : typeof onError === 'function' ? onError(errors[i], x) : onError,
          );
          const failing = decisions.flatMap((d, i) => (d === 'fail' ? [i] : []));
          if (failing.length === 0) {
            if (result.error !== undefined) problems.push(`the run failed: ${String(result.error)}`);
            const kept = c.items.filter((_, i) => succeeds[i]);
            const want = c.kind === 'filter' ? kept.filter(passes) : c.kind === 'forEach' ? kept : kept.map(value);
            const got = c.kind === 'forEach' ? consumed : sink.items;
            const unordered = c.kind === 'forEach' || (c.kind === 'mapAsync' && !c.ordered);
            if (unordered ? !sameList(sorted(got), sorted(want)) : !sameList(got, want)) {
              problems.push(`got [${got}], expected ${unordered ? 'a reordering of ' : ''}[${want}]`);
            }
            const skipped = snapshot?.streams.find((s) => s.name === 'stage')?.skipped;
            const wantSkipped = decisions.filter((d) => d === 'skip').length;
            if (skipped !== wantSkipped) problems.push(`skipped ${skipped}, expected ${wantSkipped}`);
            calls.forEach((frames, i) => {
              const want = Math.min(c.failures[i] + 1, attempts);
              if (frames.length !== want)
                problems.push(`item ${i} was called ${frames.length} times, expected ${want}`);
            });
          } else {
            const cause = result.error instanceof StreamError ? result.error.cause : result.error;
            if (!failing.some((i) => errors[i] === cause)) {
              problems.push(`the run ended with ${String(result.error)}, expected the error of item ${failing}`);
            }
            if (result.error instanceof StreamError && result.error.stream !== 'stage') {
              problems.push(`the failure names ${result.error.stream}`);
            }
          }
          // Each retry came exactly its back-off after the attempt before it failed (failures settle within a frame).
          calls.forEach((frames, i) => {
            for (let n = 1; n < frames.length; n++) {
              const gap = frames[n] - frames[n - 1];
              const want = backoff(c, n);
              if (Math.abs(gap - want) > 1e-9 && !(gap === Math.ceil(want))) {
                problems.push(`item ${i}: retry ${n} came ${gap} after the attempt before, expected ${want}`);
              }
            }
          });
          if (problems.length > 0) throw new Error(problems.join('\n'));
        },
        300,
      );
    },
    PROPERTY_TIMEOUT,
  );
});

/**
 * Cancellation: aborting the signal given to `run({ signal })` at a random
 * point (inside a stream's push, or from a macrotask outside the engine) of
 * a random graph that also runs an endless source, with a reason of any type.
 * The run rejects with an AbortError whose cause is the reason and whose
 * message describes it (safely, even when reading it throws); no stream runs afterwards; every stream is
 * finalized once; the endless source's iterator is closed; no timer or
 * immediate is left behind.
 */
import * as fc from 'fast-check';
import { AbortError } from '../../src/index';
import { graphArb } from './support/graph';
import { buildGraph } from './support/run-graph';
import { PROPERTY_TIMEOUT, assertProperty, within } from './support/property';
import { addEndlessBranch, finalizeProblems, quiesce, timerCounts, timerProblems } from './support/teardown';

/** Reasons of every kind, each with the message it must give: `run(): aborted: <text>`. */
const reasons: [string, () => unknown, string][] = [
  ['an Error', () => new Error('stopped by the test'), 'stopped by the test'],
  ['a string', () => 'stopped by the test', 'stopped by the test'],
  ['a number', () => 42, '42'],
  ['null', () => null, 'null'],
  ['a symbol', () => Symbol('stop'), 'Symbol(stop)'],
  ['a plain object', () => ({ why: 'stop' }), 'an object'],
  ['a null-prototype object', () => Object.create(null), 'an object with no prototype'],
  ['an instance', () => new (class Stop {})(), 'an instance of Stop'],
  [
    'an Error whose message getter throws',
    () =>
      Object.defineProperty(new Error(), 'message', {
        get() {
          throw new Error('no message');
        },
      }),
    'an instance of Error',
  ],
];

const abortCase = fc.record({
  graph: graphArb(12),
  reason: fc.constantFrom(...reasons),
  /** Abort right after this push of the graph's streams… */
  atPush: fc.nat({ max: 300 }),
  /** …or after this many macrotasks, whichever comes first. */
  afterTicks: fc.nat({ max: 40 }),
});

describe('reliability: cancellation', () => {
  it(
    'aborting at a random point rejects with AbortError and releases everything',
    async () => {
      await assertProperty(
        'cancellation',
        abortCase,
        async ({ graph, reason: [kind, makeReason, text], atPush, afterTicks }) => {
          const timersBefore = timerCounts();
          const controller = new AbortController();
          const reason = makeReason();
          const abort = () => {
            if (!controller.signal.aborted) controller.abort(reason);
          };
          const built = buildGraph(graph, { clock: 0, runsAfterFinalize: 0, onPush: (n) => n === atPush && abort() });
          const endless = addEndlessBranch(built.workflow);
          let ticks = 0;
          const tick = () => {
            if (controller.signal.aborted) return;
            if (ticks++ >= afterTicks) abort();
            else setImmediate(tick);
          };
          setImmediate(tick);
          const outcome = await within(
            built.workflow.run({ signal: controller.signal }).then(
              () => 'completed',
              (err: unknown) => err,
            ),
            5000,
            'the aborted run',
          );
          await quiesce();
          const problems: string[] = [];
          if (
            !(outcome instanceof AbortError) ||
            outcome.cause !== reason ||
            outcome.message !== `run(): aborted: ${text}`
          ) {
            problems.push(`expected an AbortError caused by the abort reason (${kind}); got ${String(outcome)}`);
          }
          problems.push(...finalizeProblems(built));
          if (!endless.released) problems.push("the endless source's iterator was not closed (return() not called)");
          problems.push(...timerProblems(timersBefore));
          if (problems.length > 0) throw new Error(problems.join('\n'));
        },
        200,
      );
    },
    PROPERTY_TIMEOUT,
  );

  it('a signal aborted before run() rejects at once and runs nothing', async () => {
    const graph = fc.sample(graphArb(6), { seed: 7, numRuns: 1 })[0];
    const built = buildGraph(graph);
    const controller = new AbortController();
    controller.abort();
    await expectAsync(built.workflow.run({ signal: controller.signal })).toBeRejectedWithError(
      AbortError,
      /^run\(\): aborted/,
    );
    expect(built.stages.map((s) => s.popped.flat().length + s.pushed.flat().length)).toEqual(built.stages.map(() => 0));
  });
});

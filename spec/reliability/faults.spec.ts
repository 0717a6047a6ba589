/**
 * Fault injection: a throw (or, in streams that work after a delay, a
 * rejection) at a random stream and item of a random graph that also runs an
 * endless source. The run fails once with a StreamError naming that stream;
 * no stream runs afterwards; every stream is finalized once; the endless
 * source's iterator is closed; no timer or immediate is left behind. A
 * finalize() that throws fails the run the same way, naming its stream.
 */
import * as fc from 'fast-check';
import { StreamError } from '../../src/index';
import { graphArb } from './support/graph';
import { buildGraph } from './support/run-graph';
import { PROPERTY_TIMEOUT, assertProperty, within } from './support/property';
import {
  addEndlessBranch,
  finalizeProblems,
  itemsTaken,
  quiesce,
  timerCounts,
  timerProblems,
  observe,
} from './support/teardown';

const faultyGraph = graphArb(12)
  .filter((g) => itemsTaken(g).some((n) => n > 0))
  .chain((graph) => {
    const taken = itemsTaken(graph);
    const nodes = taken.flatMap((n, j) => (n > 0 ? [j] : []));
    return fc
      .record({
        graph: fc.constant(graph),
        node: fc.constantFrom(...nodes),
        pick: fc.nat(),
      })
      .map(({ graph, node, pick }) => ({ graph, fault: { node, item: pick % taken[node] } }));
  });

describe('reliability: faults', () => {
  it(
    'a throw or rejection anywhere fails the run once, names the stream and releases everything',
    async () => {
      await assertProperty(
        'faults',
        faultyGraph,
        async ({ graph, fault }) => {
          const timersBefore = timerCounts();
          const built = buildGraph(graph, { clock: 0, runsAfterFinalize: 0, fault });
          const endless = addEndlessBranch(built.workflow);
          const { ended, calls } = observe(built.workflow);
          await within(ended, 5000, 'the faulty run');
          await quiesce();
          const name = `n${fault.node}`;
          const problems: string[] = [];
          const err = calls.errors[0];
          if (calls.complete !== 0 || calls.errors.length !== 1) {
            problems.push(
              `the run ended ${calls.complete} times and failed ${calls.errors.length} times; expected one failure`,
            );
          }
          if (!(err instanceof StreamError) || err.stream !== name || !err.message.includes(`"${name}"`)) {
            problems.push(`expected a StreamError naming "${name}"; got ${String(err)}`);
          } else if (!(err.cause instanceof Error) || !err.cause.message.startsWith(`injected fault at ${name}`)) {
            problems.push(`the StreamError's cause is not the injected fault: ${String(err.cause)}`);
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

  it(
    'a finalize() that throws fails the run once with a StreamError naming its stream; every stream is still finalized once',
    async () => {
      const arb = graphArb(12).chain((graph) =>
        fc.record({ graph: fc.constant(graph), node: fc.nat({ max: graph.nodes.length - 1 }) }),
      );
      await assertProperty(
        'faults/finalize',
        arb,
        async ({ graph, node }) => {
          const timersBefore = timerCounts();
          const built = buildGraph(graph, { clock: 0, runsAfterFinalize: 0, finalizeFault: node });
          const { ended, calls } = observe(built.workflow);
          await within(ended, 5000, 'the run with a failing finalizer');
          await quiesce();
          const name = `n${node}`;
          const problems: string[] = [];
          const err = calls.errors[0];
          if (calls.complete !== 0 || calls.errors.length !== 1) {
            problems.push(
              `the run ended ${calls.complete} times and failed ${calls.errors.length} times; expected one failure`,
            );
          }
          if (
            !(err instanceof StreamError) ||
            err.stream !== name ||
            !(err.cause instanceof Error) ||
            err.cause.message !== `injected finalize fault at ${name}`
          ) {
            problems.push(`expected a StreamError naming "${name}" caused by its finalizer; got ${String(err)}`);
          }
          problems.push(...finalizeProblems(built));
          problems.push(...timerProblems(timersBefore));
          if (problems.length > 0) throw new Error(problems.join('\n'));
        },
        150,
      );
    },
    PROPERTY_TIMEOUT,
  );

  it('run() rejects with the StreamError of the failing stream', async () => {
    const graph = fc.sample(faultyGraph, { seed: 42, numRuns: 1 })[0];
    const built = buildGraph(graph.graph, { clock: 0, runsAfterFinalize: 0, fault: graph.fault });
    addEndlessBranch(built.workflow);
    await expectAsync(built.workflow.run()).toBeRejectedWithError(
      StreamError,
      new RegExp(`^stream "n${graph.fault.node}" failed: injected fault`),
    );
  });
});

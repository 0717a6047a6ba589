/**
 * Random DAGs of 1–15 streams (fan-out, fan-in, capacities 1–16, sync and
 * async streams, spurious `true`s, empty sources) in strict mode: every run
 * completes, every input receives exactly what the reference evaluator
 * computes, each connection is FIFO, no buffer exceeds its capacity, and the
 * run leaves no listener on the AbortSignal it was given.
 */
import { getEventListeners } from 'events';
import * as fc from 'fast-check';
import { asapScheduler } from 'rxjs';
import { graphArb } from './support/graph';
import { evaluate, volume } from './support/reference';
import { buildGraph, problems } from './support/run-graph';
import { PROPERTY_TIMEOUT, assertProperty, within } from './support/property';

/** Cases are kept small enough that 500 of them run in seconds. */
const MAX_VOLUME = 1500;

describe('reliability: random graphs', () => {
  it(
    'complete with exactly the reference multisets, FIFO, within capacity',
    async () => {
      await assertProperty(
        'random-graphs',
        fc.tuple(graphArb(15), fc.boolean()),
        async ([graph, onAsap]) => {
          fc.pre(volume(evaluate(graph)) <= MAX_VOLUME);
          const built = buildGraph(graph, undefined, onAsap ? asapScheduler : undefined);
          const controller = new AbortController();
          await within(built.workflow.run({ signal: controller.signal }), 5000, 'run()');
          const found = problems(graph, built);
          const listeners = getEventListeners(controller.signal, 'abort').length;
          if (listeners > 0) found.push(`the run completed but left ${listeners} abort listener(s) on its signal`);
          if (found.length > 0) throw new Error(found.join('\n'));
        },
        500,
      );
    },
    PROPERTY_TIMEOUT,
  );
});

/**
 * Teardown across the RxJS boundary: a random graph that also runs an endless
 * Observable source and an endless async-generator source ends by a fault, an
 * AbortSignal, or unsubscribing from `run$()` at a random point. Each way, the
 * Observable is unsubscribed, the async generator is closed by return(), every
 * stream is finalized once and never run again, `metrics()` ends with the
 * run (its last snapshot given, its timer cleared), and no timer or immediate
 * is left behind.
 */
import * as fc from 'fast-check';
import { Observable } from 'rxjs';
import { AbortError, StreamError, type Workflow } from '../../src/index';
import { graphArb } from './support/graph';
import { buildGraph } from './support/run-graph';
import { PROPERTY_TIMEOUT, assertProperty, within } from './support/property';
import { finalizeProblems, itemsTaken, quiesce, slowSink, timerCounts, timerProblems } from './support/teardown';

/** Endless Rx sources whose release is recorded. */
function addRxBranches(workflow: Workflow): { unsubscribed: () => boolean; asyncReleased: () => boolean } {
  const state = { subscribed: false, unsubscribed: false, started: false, released: false };
  const ticks = new Observable<number>((subscriber) => {
    state.subscribed = true;
    let i = 0;
    let handle = setImmediate(function tick() {
      subscriber.next(i++);
      // Unsubscribed during its own next() (the run ended there): stop, as RxJS's own sources do.
      if (!subscriber.closed) handle = setImmediate(tick);
    });
    return () => {
      clearImmediate(handle);
      state.unsubscribed = true;
    };
  });
  async function* numbers() {
    state.started = true;
    try {
      for (let i = 0; ; i++) {
        await new Promise<void>((resolve) => setImmediate(resolve));
        yield i;
      }
    } finally {
      state.released = true;
    }
  }
  workflow
    .addSource(ticks, { name: 'ticks', overflow: 'drop-oldest' })
    .pipe(workflow.addStream(slowSink()), { capacity: 2 });
  workflow.addSource(numbers, { name: 'numbers' }).pipe(workflow.addStream(slowSink()), { capacity: 2 });
  return {
    unsubscribed: () => !state.subscribed || state.unsubscribed,
    asyncReleased: () => !state.started || state.released,
  };
}

const endings = graphArb(8)
  .filter((g) => itemsTaken(g).some((n) => n > 0))
  .chain((graph) => {
    const taken = itemsTaken(graph);
    const nodes = taken.flatMap((n, j) => (n > 0 ? [j] : []));
    return fc.record({
      graph: fc.constant(graph),
      how: fc.constantFrom('fault' as const, 'abort' as const, 'unsubscribe' as const),
      metricsInterval: fc.constantFrom(1, 5, 60_000),
      node: fc.constantFrom(...nodes),
      pick: fc.nat(),
      afterTicks: fc.nat({ max: 30 }),
    });
  });

describe('reliability: teardown across the RxJS boundary', () => {
  it(
    'a fault, an abort or an unsubscription releases Observable and async-iterable sources',
    async () => {
      await assertProperty(
        'rx-teardown',
        endings,
        async ({ graph, how, node, pick, afterTicks, metricsInterval }) => {
          const timersBefore = timerCounts();
          const taken = itemsTaken(graph);
          const fault = how === 'fault' ? { node, item: pick % taken[node] } : undefined;
          const built = buildGraph(graph, { clock: 0, runsAfterFinalize: 0, fault });
          const rx = addRxBranches(built.workflow);
          const controller = new AbortController();
          let outcome: unknown = 'pending';
          // Watched by metrics: its last snapshot comes, and its timer goes, as the run ends.
          const statuses: string[] = [];
          let metricsDone = false;
          built.workflow.metrics(metricsInterval).subscribe({
            next: (m) => statuses.push(m.status),
            complete: () => (metricsDone = true),
          });
          let metricsDoneAtEnd = false;
          let resolveEnd!: () => void;
          const end = new Promise<void>((resolve) => (resolveEnd = resolve));
          const ended = () => {
            metricsDoneAtEnd = metricsDone;
            resolveEnd();
          };
          if (how === 'unsubscribe') {
            const subscription = built.workflow.run$().subscribe({
              complete: () => (outcome = 'completed'),
              error: (err: unknown) => (outcome = err),
            });
            let ticks = 0;
            const tick = () => {
              if (outcome !== 'pending' || ticks++ >= afterTicks) {
                subscription.unsubscribe();
                ended();
              } else setImmediate(tick);
            };
            setImmediate(tick);
          } else {
            built.workflow.run({ signal: controller.signal }).then(
              () => ((outcome = 'completed'), ended()),
              (err: unknown) => ((outcome = err), ended()),
            );
            if (how === 'abort') {
              let ticks = 0;
              const tick = () => {
                if (controller.signal.aborted || outcome !== 'pending') return;
                if (ticks++ >= afterTicks) controller.abort(new Error('stopped by the test'));
                else setImmediate(tick);
              };
              setImmediate(tick);
            }
          }
          await within(end, 5000, `the run ended by ${how}`);
          await quiesce();
          const problems: string[] = [];
          if (how === 'fault' && !(outcome instanceof StreamError && outcome.stream === `n${node}`)) {
            problems.push(`expected a StreamError naming "n${node}"; got ${String(outcome)}`);
          }
          if (how === 'abort' && !(outcome instanceof AbortError))
            problems.push(`expected an AbortError; got ${String(outcome)}`);
          if (how === 'unsubscribe' && outcome !== 'pending')
            problems.push(`the run ended by itself (${String(outcome)}) although endless`);
          if (!rx.unsubscribed()) problems.push('the Observable source was not unsubscribed');
          if (!rx.asyncReleased()) problems.push('the async generator source was not closed (return() not called)');
          if (!metricsDoneAtEnd) problems.push('metrics had not completed when the run ended');
          const finalStatus = { fault: 'failed', abort: 'aborted', unsubscribe: 'aborted' }[how];
          if (statuses[statuses.length - 1] !== finalStatus || statuses.slice(0, -1).some((st) => st !== 'running'))
            problems.push(
              `metrics gave the statuses ${statuses.join(', ')}; expected running ones, then ${finalStatus}`,
            );
          problems.push(...finalizeProblems(built));
          problems.push(...timerProblems(timersBefore));
          if (problems.length > 0) throw new Error(problems.join('\n'));
        },
        150,
      );
    },
    PROPERTY_TIMEOUT,
  );
});

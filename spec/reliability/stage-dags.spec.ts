/**
 * Random DAGs of the fan-out stages (broadcast, balance, partition, fork) and
 * fan-in stages (merge, mergePreferred, concat, zip, zipWith, joinByKey, and
 * several outputs piped into one input), with random chains of one-in one-out
 * stages between them, random sources and sinks, capacities, time slices and
 * schedulers, in strict mode. Every run completes (paths meet again only in
 * merges, so a deadlock is never right); each sink receives exactly what the
 * reference computes on arrays — in order where the order is defined
 * (per-branch FIFO, concat, zip), as a multiset where it is not (merge,
 * balance, joinByKey); no buffer exceeds its capacity; generator sources are
 * released.
 */
import { PROPERTY_TIMEOUT, assertProperty, within } from './support/property';
import { quiesce } from './support/teardown';
import { buildDag, dagArb, dagProblems, type Dag } from './support/stage-dag';
import { overfilled } from './support/stage-model';

/** Every broken invariant of one DAG's run. */
async function check(dag: Dag): Promise<string[]> {
  const built = buildDag(dag);
  try {
    await within(built.workflow.run(), 5000, 'the run');
  } catch (err) {
    return [`the run failed: ${err instanceof Error ? err.message : String(err)}`];
  }
  // An async generator told to return() while it awaits finishes once that await settles.
  if (built.releases.problems().length > 0) await quiesce();
  return [...dagProblems(dag, built), ...overfilled(built.workflow), ...built.releases.problems()];
}

describe('reliability: DAGs of fan-out and fan-in stages', () => {
  it(
    'complete with exactly what the stages give on arrays, within capacity, releasing their sources',
    async () => {
      await assertProperty(
        'stage-dags',
        dagArb,
        async (dag) => {
          const problems = await check(dag);
          if (problems.length > 0) throw new Error(problems.join('\n'));
        },
        500,
      );
    },
    PROPERTY_TIMEOUT,
  );
});

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
import { asyncSourceSharesInput, buildDag, dagArb, dagProblems, type Dag } from './support/stage-dag';
import { overfilled } from './support/stage-model';

/** Every broken invariant of one DAG's run. */
async function check(dag: Dag): Promise<string[]> {
  const built = buildDag(dag);
  try {
    await within(built.workflow.run(), 5000, 'the run');
  } catch (err) {
    return [`the run failed: ${err instanceof Error ? err.message : String(err)}`];
  }
  return [...dagProblems(dag, built), ...overfilled(built.workflow), ...built.releases.problems()];
}

/**
 * Engine issues these DAGs found that are being fixed in the engine: the
 * property skips each one's class of cases, and its smallest case runs as a
 * spec that stays pending while the issue shows (and fails once it is fixed,
 * to say that the class can go back into the property).
 */
const PENDING_CASES: { issue: string; skip: (dag: Dag) => boolean; dag: Dag }[] = [
  {
    issue:
      'fromAsyncIterable pushes into a full connection, in strict mode, when another producer shares its input ' +
      "and the consumer is slow (its push after an await does not look at the other producer's pushes)",
    skip: asyncSourceSharesInput,
    dag: {
      root: {
        kind: 'fanIn',
        stage: 'shared',
        inputs: [
          { kind: 'source', source: { kind: 'async', items: [0, 1, 2], delays: ['sync'] } },
          { kind: 'source', source: { kind: 'iterable', items: [7, 8, 9] } },
        ],
      },
      fan: null,
      branches: [[]],
      sinks: [{ kind: 'forEach', concurrency: 1, delays: ['immediate'] }],
      capacities: [1],
      timeSlice: 5,
      asap: false,
    },
  },
];

describe('reliability: DAGs of fan-out and fan-in stages', () => {
  it(
    'complete with exactly what the stages give on arrays, within capacity, releasing their sources',
    async () => {
      await assertProperty(
        'stage-dags',
        dagArb.filter((dag) => !PENDING_CASES.some((c) => c.skip(dag))),
        async (dag) => {
          const problems = await check(dag);
          if (problems.length > 0) throw new Error(problems.join('\n'));
        },
        500,
      );
    },
    PROPERTY_TIMEOUT,
  );

  for (const known of PENDING_CASES) {
    it(`(pending engine fix) ${known.issue}`, async () => {
      const problems = await check(known.dag);
      if (problems.length > 0) pending(`engine issue: ${problems.join('; ')}`);
      fail('this case passes now: remove it from PENDING_CASES so that the property covers its class again');
    });
  }
});

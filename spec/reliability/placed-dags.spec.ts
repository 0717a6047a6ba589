/**
 * The random DAGs of stage-dags.spec.ts, their steps placed at random on up
 * to three workers (each edge between placements a channel with a random
 * pack and credit window), run over the in-memory transport and over real
 * worker threads. Every run completes with exactly what the same DAG gives in
 * one thread (per-connection FIFO holds across channels); no buffer exceeds
 * its capacity; no channel ever holds more than `window` packs of at most
 * `pack` items (so what is in flight is bounded by window × pack plus the
 * capacities); and a run over threads leaves no thread or port behind.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { memoryTransport } from '../../src/testing/index';
import { threads } from '../../src/node/index';
import type { Workflow } from '../../src/index';
import { PROPERTY_TIMEOUT, assertProperty, within } from './support/property';
import { quiesce, threadResources, threadsLeft } from './support/teardown';
import { dagProblems } from './support/stage-dag';
import { overfilled } from './support/stage-model';
import { buildPlacedDag, placedDag, placedDagArb, windowProblems, type PlacedDag } from './support/placed';

const placedModule = pathToFileURL(join(__dirname, 'support', 'placed.js'));

/** Every broken invariant of one placed DAG's run; `fragments` are the workflows the memory transport built. */
async function check(placed: PlacedDag, over: 'memory' | 'threads'): Promise<string[]> {
  const built = buildPlacedDag(placed);
  const others: Workflow[] = [];
  const transport =
    over === 'memory'
      ? memoryTransport((p: PlacedDag) => {
          const wf = placedDag(p);
          others.push(wf);
          return wf;
        }, placed)
      : threads({ module: placedModule, export: 'placedDag', args: [placed] });
  try {
    await within(built.workflow.run({ transport }), 20_000, 'the run');
  } catch (err) {
    return [`the run failed: ${err instanceof Error ? err.message : String(err)}`];
  }
  if (built.releases.problems().length > 0) await quiesce();
  return [
    ...dagProblems(placed.dag, built),
    ...[built.workflow, ...others].flatMap((wf) => [...overfilled(wf), ...windowProblems(wf, placed.placement)]),
    ...built.releases.problems(),
  ];
}

describe('reliability: DAGs placed on workers', () => {
  it(
    'over the in-memory transport: exactly what one thread gives, within capacity and credit window',
    async () => {
      await assertProperty(
        'placed-dags/memory',
        placedDagArb,
        async (placed) => {
          const problems = await check(placed, 'memory');
          if (problems.length > 0) throw new Error(problems.join('\n'));
        },
        200,
      );
    },
    PROPERTY_TIMEOUT,
  );

  it(
    'over worker threads: the same, and no thread or port left once the run settles',
    async () => {
      const before = threadResources();
      await assertProperty(
        'placed-dags/threads',
        placedDagArb,
        async (placed) => {
          const problems = await check(placed, 'threads');
          problems.push(...(await threadsLeft(before)));
          if (problems.length > 0) throw new Error(problems.join('\n'));
        },
        15,
      );
    },
    PROPERTY_TIMEOUT,
  );
});

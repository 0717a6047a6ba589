/**
 * Random DAGs (see stage-dag.ts) with their steps placed at random on up to
 * three workers, for runs over a transport. This module is also what each
 * worker thread imports: `placedDag` builds the same workflow there.
 */
import * as fc from 'fast-check';
import type { Workflow } from '../../../src/index';
import { RemoteSource } from '../../../src/transport/pumps';
import { fragments } from '../../../src/transport/fragment';
import { buildDag, dagArb, type BuiltDag, type Dag } from './stage-dag';

/** Where each step goes, by its index in the workflow (0: the coordinator, k: worker `w${k}`), and each edge's pack/window. */
export interface Placement {
  readonly workers: readonly number[];
  readonly pack: number;
  readonly window: number;
}

export interface PlacedDag {
  readonly dag: Dag;
  readonly placement: Placement;
}

export const placedDagArb: fc.Arbitrary<PlacedDag> = fc.record({
  dag: dagArb,
  placement: fc.record({
    workers: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 64, maxLength: 64 }),
    pack: fc.integer({ min: 1, max: 8 }),
    window: fc.integer({ min: 1, max: 3 }),
  }),
});

/**
 * Builds the DAG and places its steps: sinks stay with the coordinator (the
 * spec reads them there), and a step whose name is not unique stays too.
 */
export function buildPlacedDag(placed: PlacedDag): BuiltDag {
  const built = buildDag(placed.dag);
  const steps = built.workflow.steps;
  const count = new Map<string, number>();
  for (const s of steps) count.set(s.name, (count.get(s.name) ?? 0) + 1);
  steps.forEach((step, i) => {
    const w = placed.placement.workers[i % placed.placement.workers.length];
    if (w === 0 || step.name.includes(' sink') || count.get(step.name) !== 1) return;
    (step as unknown as { placement: { worker: string; replicas: number; partitionBy: undefined } }).placement = {
      worker: `w${w}`,
      replicas: 1,
      partitionBy: undefined,
    };
    for (const input of step.inputs) {
      const conn = input.conn as unknown as { pack?: number; window?: number };
      conn.pack = placed.placement.pack;
      conn.window = placed.placement.window;
    }
  });
  // Edges out of a placed step into an unplaced one take the same pack and window.
  for (const step of steps)
    for (const input of step.inputs) {
      const conn = input.conn as unknown as { pack?: number; window?: number };
      conn.pack ??= placed.placement.pack;
      conn.window ??= placed.placement.window;
    }
  return built;
}

/** The factory a worker thread calls. */
export function placedDag(placed: PlacedDag): Workflow {
  return buildPlacedDag(placed).workflow;
}

/** Every way a fragment of `workflow` broke the credit window: more packs held than `window`, a pack over `pack`. */
export function windowProblems(
  workflow: Workflow,
  placement: { readonly pack: number; readonly window: number },
): string[] {
  const found: string[] = [];
  for (const step of fragments.get(workflow)?.steps ?? []) {
    const pump = step.stream;
    if (!(pump instanceof RemoteSource)) continue;
    if (pump.peakPacks > placement.window)
      found.push(`${pump.name}: held ${pump.peakPacks} packs, window ${placement.window}`);
    if (pump.largestPack > placement.pack)
      found.push(`${pump.name}: took a pack of ${pump.largestPack} items, pack ${placement.pack}`);
  }
  return found;
}

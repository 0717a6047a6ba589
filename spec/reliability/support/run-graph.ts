/**
 * Builds a random graph into a Workflow of GraphStages, and checks a finished
 * run against the reference evaluator: every input got exactly its multiset,
 * in FIFO order, and no connection ever held more than its capacity.
 */
import type { SchedulerLike } from 'rxjs';
import { Workflow, type Step } from '../../../src/index';
import type { GraphSpec } from './graph';
import { GraphStage, type Harness, type Token } from './stages';
import { byNumber, evaluate } from './reference';

export interface BuiltGraph {
  readonly workflow: Workflow;
  readonly stages: GraphStage[];
  readonly steps: Step<Record<string, Token>, Record<string, Token>>[];
  readonly harness: Harness;
}

export function buildGraph(
  graph: GraphSpec,
  harness: Harness = { clock: 0, runsAfterFinalize: 0 },
  scheduler?: SchedulerLike,
): BuiltGraph {
  const workflow = new Workflow({ strict: true, runsPerSlice: graph.runsPerSlice, scheduler });
  const stages = graph.nodes.map((node, j) => new GraphStage(j, node, harness));
  const steps = stages.map((s) => workflow.addStream(s));
  for (const e of graph.edges) {
    steps[e.from].output(`o${e.out}`).pipe(steps[e.to].input(`i${e.in}`), { capacity: graph.capacities[e.to][e.in] });
  }
  return { workflow, stages, steps, harness };
}

/** Every broken invariant of a completed run, as readable lines (empty: all hold). */
export function problems(graph: GraphSpec, built: BuiltGraph): string[] {
  const found: string[] = [];
  const expected = evaluate(graph);
  const { stages, steps, harness } = built;
  if (harness.runsAfterFinalize > 0) found.push(`run() was called ${harness.runsAfterFinalize} times after finalize()`);
  stages.forEach((stage, j) => {
    if (stage.finalizeCalls !== 1) found.push(`n${j}: finalize() called ${stage.finalizeCalls} times, expected once`);
    stage.popped.forEach((tokens, k) => {
      const where = `n${j}.i${k}`;
      const values = tokens.map((t) => t.v).sort(byNumber);
      if (!sameList(values, expected[j][k])) {
        found.push(`${where} received [${values}] but the reference evaluator expects [${expected[j][k]}]`);
      }
      for (let i = 1; i < tokens.length; i++) {
        if (tokens[i].id <= tokens[i - 1].id) {
          found.push(
            `${where}: item #${tokens[i].id} came out after #${tokens[i - 1].id}, which was pushed later (not FIFO)`,
          );
          break;
        }
      }
      const sent = graph.edges
        .filter((e) => e.to === j && e.in === k)
        .flatMap((e) => stages[e.from].pushed[e.out].map((t) => t.id))
        .sort(byNumber);
      const got = tokens.map((t) => t.id).sort(byNumber);
      if (!sameList(sent, got)) found.push(`${where}: the items popped are not exactly the items its producers pushed`);
      const conn = steps[j].inputPort(`i${k}`).conn;
      if (conn.peak > conn.capacity) found.push(`${where}: buffered ${conn.peak} items, capacity ${conn.capacity}`);
    });
  });
  return found;
}

function sameList(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

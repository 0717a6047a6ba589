/**
 * The plan of a run over a transport: which worker runs each step, how many
 * replicas each worker has, and which connections cross between placements
 * (remote edges). Every participant computes it from the workflow it built and
 * checks it against the coordinator's, so that all agree.
 */
import type { Workflow } from '../workflow/workflow';
import type { Step } from '../workflow/step';
import type { ChannelKey, PlannedEdge, PlannedWorker, RunPlan } from './types';
import { WiringError } from '../errors';

/** Items per pack, and packs in flight per channel, when `pipe` gives none. */
export const DEFAULT_PACK = 100;
export const DEFAULT_WINDOW = 8;

/** The worker a step is placed on (`''`: the coordinator). */
export function workerOf(step: Step<any, any>): string {
  return step.placement?.worker ?? '';
}

/** `window`: the window of an edge whose `pipe` gives none (the transport's, or DEFAULT_WINDOW). */
export function makePlan(workflow: Workflow, window = DEFAULT_WINDOW): RunPlan {
  const replicas = new Map<string, number>();
  for (const step of workflow.steps) {
    const p = step.placement;
    if (p === null) continue;
    const known = replicas.get(p.worker);
    if (known !== undefined && known !== p.replicas) {
      throw new WiringError(
        `the worker "${p.worker}" is given ${known} replicas by one stream and ${p.replicas} by "${step.name}"; ` +
          'every stream of a worker runs in each of its replicas: give them one count.',
      );
    }
    replicas.set(p.worker, p.replicas);
  }
  const workers: PlannedWorker[] = [...replicas].map(([name, n]) => ({ name, replicas: n }));
  const countOf = (worker: string) => (worker === '' ? 1 : replicas.get(worker)!);
  const consumers = new Map<unknown, { step: Step<any, any>; port: string }>();
  for (const step of workflow.steps)
    for (const input of step.inputs) consumers.set(input.conn, { step, port: input.name });
  const edges: PlannedEdge[] = [];
  for (const step of workflow.steps) {
    for (const out of step.outputs) {
      for (const conn of out.conns) {
        const to = consumers.get(conn)!;
        const a = workerOf(step);
        const b = workerOf(to.step);
        if (a === b) continue;
        edges.push({
          id: `${step.name}.${out.name}->${to.step.name}.${to.port}`,
          from: { step: step.name, port: out.name, worker: a, replicas: countOf(a) },
          to: { step: to.step.name, port: to.port, worker: b, replicas: countOf(b) },
          partitioned: to.step.placement?.partitionBy !== undefined,
          pack: conn.pack ?? DEFAULT_PACK,
          window: conn.window ?? window,
        });
      }
    }
  }
  return { workers, steps: workflow.steps.map((s) => ({ name: s.name, worker: workerOf(s) })), edges };
}

/** Every channel of a run: one per remote edge and pair of replicas. */
export function channelsOf(plan: RunPlan): ChannelKey[] {
  const keys: ChannelKey[] = [];
  for (const e of plan.edges)
    for (let from = 0; from < e.from.replicas; from++)
      for (let to = 0; to < e.to.replicas; to++) keys.push({ edge: e.id, from, to });
  return keys;
}

/** A channel's key as text, `edge[from>to]`. */
export function keyText(key: ChannelKey): string {
  return `${key.edge}[${key.from}>${key.to}]`;
}

/** A participant as text: `worker#replica`, or `coordinator`. */
export function participantText(worker: string, replica: number): string {
  return worker === '' ? 'coordinator' : `${worker}#${replica}`;
}

/** What differs between the plan a participant computed and the coordinator's, in words; `null` when nothing does. */
export function planDifference(mine: RunPlan, theirs: RunPlan): string | null {
  const a = JSON.stringify(mine);
  const b = JSON.stringify(theirs);
  if (a === b) return null;
  const names = (p: RunPlan) => p.steps.map((s) => `${s.name}@${s.worker || 'coordinator'}`).join(', ');
  if (names(mine) !== names(theirs)) return `its streams are [${names(mine)}], the coordinator's [${names(theirs)}]`;
  const edges = (p: RunPlan) => p.edges.map((e) => e.id).join(', ');
  if (edges(mine) !== edges(theirs))
    return `its remote edges are [${edges(mine)}], the coordinator's [${edges(theirs)}]`;
  return 'its workers, packs or windows differ from the coordinator’s';
}

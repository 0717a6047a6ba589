/**
 * The names of a run's Redis keys. Every key starts with the prefix in
 * braces, a hash tag: in a Redis Cluster all of a run's keys live in one slot,
 * so that one commit (a worker's outputs and the acknowledgement of its
 * inputs) is one atomic script.
 */
import type { ChannelKey, PlannedEdge, RunPlan } from '../transport/types';
import { channelsOf, participantText } from '../transport/plan';
import { WiringError } from '../errors';

/** The consumer group every data stream is read by. */
export const GROUP = 'rx-mimo';

export class Keys {
  private readonly tag: string;

  constructor(prefix: string) {
    if (typeof prefix !== 'string' || prefix === '' || /[{}]/.test(prefix)) {
      throw new WiringError(
        `redis({ prefix }): the prefix must be a non-empty string without braces (it becomes the hash tag {prefix}); got ${JSON.stringify(prefix)}.`,
      );
    }
    this.tag = `{${prefix}}`;
  }

  /** The id of the run in progress. */
  get run(): string {
    return `${this.tag}:run`;
  }
  /** The parts of runs waiting for a process of `worker` (a list). */
  jobs(worker: string): string {
    return `${this.tag}:jobs:${worker}`;
  }
  /** Who owns a part (`worker#replica`, or `coordinator`), with a lease. */
  owner(role: string): string {
    return `${this.tag}:owner:${role}`;
  }
  /** Control messages to a part; the coordinator's is `ctl:coordinator`. */
  control(role: string): string {
    return `${this.tag}:ctl:${role}`;
  }
  /** Credit notices to the producer `role`. */
  credit(role: string): string {
    return `${this.tag}:credit:${role}`;
  }
  /** Last committed sequence number per data stream. */
  get seq(): string {
    return `${this.tag}:seq`;
  }
  /** Sequence number per data stream at its producer's last consistent commit. */
  get base(): string {
    return `${this.tag}:base`;
  }
  /** Peak length per data stream. */
  get peak(): string {
    return `${this.tag}:peak`;
  }

  /** The data stream of a channel: `{prefix}:from.port->to.port:p`, p the consumer's replica (`f.t` with several producers). */
  stream(edge: PlannedEdge, key: ChannelKey): string {
    const p = edge.from.replicas > 1 ? `${key.from}.${key.to}` : `${key.to}`;
    return `${this.tag}:${edge.id}:${p}`;
  }

  /** Every key a run writes, but the control streams (which outlive it until the next run). */
  ofRun(plan: RunPlan): string[] {
    const edges = new Map(plan.edges.map((e) => [e.id, e]));
    const roles = ['coordinator', ...plan.workers.flatMap((w) => roleNames(w.name, w.replicas))];
    return [
      this.run,
      this.seq,
      this.base,
      this.peak,
      ...channelsOf(plan).map((k) => this.stream(edges.get(k.edge)!, k)),
      ...roles.flatMap((r) => [this.owner(r), this.credit(r)]),
      ...plan.workers.map((w) => this.jobs(w.name)),
    ];
  }
}

export function roleNames(worker: string, replicas: number): string[] {
  return Array.from({ length: replicas }, (_, r) => participantText(worker, r));
}

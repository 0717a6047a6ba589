/**
 * A transport within one thread, for tests: every worker replica builds its
 * own copy of the workflow with the factory and runs its fragment here, and
 * messages between them go through in-memory pipes delivered a macrotask
 * later. Everything a real transport does but the threads.
 */
import type { ChannelEnd, ChannelKey, ControlLink, Hub, RunPlan, WorkflowFactory } from './types';
import { Transport } from './transport';
import { serveFragment } from './fragment';
import { channelsOf, keyText, participantText } from './plan';
import { channelPipe, controlPipe } from './pipe';

/**
 * A transport within this thread: `build(...args)` is called once per worker
 * replica, as a worker thread would. For specs of workflows that will run over threads.
 *
 * @example
 * ```ts
 * await build(input).run({ transport: memoryTransport(build, input) });
 * ```
 */
export function memoryTransport<A extends unknown[]>(build: (...args: A) => unknown, ...args: A): MemoryTransport {
  return new MemoryTransport(build as WorkflowFactory, args);
}

/**
 * The transport made by {@link memoryTransport}.
 *
 * @example
 * ```ts
 * const transport = memoryTransport(build);
 * const run = build().run({ transport });
 * transport.lose('cpu#0', 'exited'); // as if that thread died
 * ```
 */
export class MemoryTransport extends Transport {
  /** Lose a worker replica as if its thread died: `lose('cpu#1', 'exited')`, during a run. */
  readonly lose = (id: string, reason: string): void => this.links.get(id)?.lose(reason);
  private links = new Map<string, ControlLink & { lose(reason: string): void }>();

  constructor(
    private readonly build: WorkflowFactory,
    private readonly args: readonly unknown[],
  ) {
    super();
  }

  async open(plan: RunPlan): Promise<Hub> {
    const pairs = new Map<string, [ChannelEnd, ChannelEnd]>();
    for (const key of channelsOf(plan)) pairs.set(keyText(key), channelPipe());
    const edges = new Map(plan.edges.map((e) => [e.id, e]));
    /** The end of `key` held by `worker#replica`: the producer's first end, the consumer's second. */
    const end = (key: ChannelKey, worker: string, replica: number): ChannelEnd => {
      const edge = edges.get(key.edge)!;
      const producer = edge.from.worker === worker && key.from === replica;
      return pairs.get(keyText(key))![producer ? 0 : 1];
    };
    this.links = new Map();
    const built: unknown[] = [];
    for (const w of plan.workers) {
      for (let replica = 0; replica < w.replicas; replica++) {
        const [hubSide, workerSide] = controlPipe();
        this.links.set(participantText(w.name, replica), hubSide);
        const workflow = this.build(...this.args);
        built.push(workflow);
        serveFragment(workflow, {
          plan,
          self: { worker: w.name, replica },
          coordinator: workerSide,
          channel: (key) => end(key, w.name, replica),
        });
      }
    }
    const links = this.links;
    return {
      fragments: links,
      channel: (key) => end(key, '', 0),
      close: async () => {
        // As a thread's end would: whatever a fragment still runs stops (a finished run is not touched).
        for (const workflow of built) (workflow as { engine?: { abort(): void } | null }).engine?.abort();
        for (const link of links.values()) link.close();
        for (const [a] of pairs.values()) a.close();
      },
    };
  }
}

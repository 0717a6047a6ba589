/**
 * The transport seam: what a workflow spread over threads, processes or
 * machines needs from the medium between them, and nothing more. A run is one
 * coordinator (the process that called `run({ transport })`, running the steps
 * placed nowhere) and one fragment per worker replica (running the steps
 * placed on that worker). They talk over control links (coordinator ↔ each
 * fragment) and channels (one per remote edge and pair of replicas: packs of
 * items one way, credits back). Interfaces only.
 */
import type { StuckStream } from '../errors';

/** A worker of a run: a name given in `addStream(…, { worker })`, and how many replicas run it. */
export interface PlannedWorker {
  readonly name: string;
  readonly replicas: number;
}

/** One end of a remote edge: a port of a step, where it runs. */
export interface EdgeEnd {
  readonly step: string;
  readonly port: string;
  /** The worker it is placed on; `''` for the coordinator. */
  readonly worker: string;
  readonly replicas: number;
}

/** A connection between steps of different placements: it becomes one channel per pair of replicas. */
export interface PlannedEdge {
  /** `from.step.port->to.step.port`. */
  readonly id: string;
  readonly from: EdgeEnd;
  readonly to: EdgeEnd;
  /** The consumer's replicas take items by key (`partitionBy`), else by turns among those with credit. */
  readonly partitioned: boolean;
  /** Items per pack. */
  readonly pack: number;
  /** Packs a channel may carry that its receiver has not consumed yet. */
  readonly window: number;
}

/** What every participant of a run agrees on, computed by the coordinator from its workflow. */
export interface RunPlan {
  readonly workers: readonly PlannedWorker[];
  /** Every step's name and the worker it is placed on (`''`: the coordinator). */
  readonly steps: readonly { readonly name: string; readonly worker: string }[];
  readonly edges: readonly PlannedEdge[];
}

/** Who takes part in a run: the coordinator (`worker` `''`, replica 0) or a replica of a worker. */
export interface Participant {
  readonly worker: string;
  readonly replica: number;
}

/** One channel: a remote edge from one replica of its producer to one of its consumer. */
export interface ChannelKey {
  readonly edge: string;
  readonly from: number;
  readonly to: number;
}

/**
 * What travels on a channel: from the producer, packs of items and then the
 * end; from the consumer, credits (one per pack it has taken in) and, when it
 * wants nothing more, a cancel.
 */
export type ChannelMessage =
  | { readonly t: 'pack'; readonly items: readonly unknown[] }
  | { readonly t: 'end' }
  | { readonly t: 'credit'; readonly n: number }
  | { readonly t: 'cancel' };

/** This side of a channel. Messages arrive in the order they were sent. */
export interface ChannelEnd {
  /** Sends a message to the other side; throws when it cannot (e.g. an item that cannot be cloned). */
  send(message: ChannelMessage): void;
  /** Receives every message from the other side (set once). */
  receive(handler: (message: ChannelMessage) => void): void;
  /** No more messages either way. */
  close(): void;
}

/** What the coordinator and a fragment tell each other. */
export type ControlMessage =
  /** Fragment → coordinator: it built its part of the workflow and opened its channels. */
  | { readonly t: 'ready' }
  /** Coordinator → fragments: start running. */
  | { readonly t: 'start' }
  /** Fragment → coordinator: every one of its streams has finished. */
  | { readonly t: 'done' }
  /** Fragment → coordinator: it failed; `stream` names the stream (if one failed) and `message` says why. */
  | { readonly t: 'failed'; readonly stream: string | null; readonly message: string; readonly error: unknown }
  /** Fragment → coordinator: nothing of its own can move now, only a message from elsewhere would. */
  | { readonly t: 'quiet' }
  /** Coordinator → fragment: are you quiet, and how many channel messages have you sent and received? */
  | { readonly t: 'probe'; readonly wave: number }
  | {
      readonly t: 'probed';
      readonly wave: number;
      readonly quiet: boolean;
      readonly sent: number;
      readonly received: number;
    }
  /** Coordinator → fragment: which of your streams are stuck? */
  | { readonly t: 'stuck?' }
  | { readonly t: 'stuck'; readonly streams: readonly StuckStream[]; readonly text: string }
  /** Coordinator → fragment: stop now (the run failed elsewhere, or was aborted). */
  | { readonly t: 'abort' };

/** A control link between the coordinator and one fragment. */
export interface ControlLink {
  send(message: ControlMessage): void;
  receive(handler: (message: ControlMessage) => void): void;
  /** The other side is gone (a thread or process that exited): `reason` says how. */
  lost(handler: (reason: string) => void): void;
  close(): void;
}

/** The coordinator's side of a run opened by a transport. */
export interface Hub {
  /** A control link to each fragment, by `worker#replica`. */
  readonly fragments: ReadonlyMap<string, ControlLink>;
  /** The coordinator's end of a channel it takes part in. */
  channel(key: ChannelKey): ChannelEnd;
  /** Lets go of every thread, process, port and connection of the run. */
  close(): Promise<void>;
}

/** A fragment's side of a run, as a transport hands it to `serveFragment`. */
export interface Outpost {
  readonly plan: RunPlan;
  readonly self: Participant;
  /** The control link to the coordinator. */
  readonly coordinator: ControlLink;
  /** This fragment's end of a channel it takes part in. */
  channel(key: ChannelKey): ChannelEnd;
  /** The window of an edge whose `pipe` gives none, when the transport has its own (see Opener.window). */
  readonly window?: number;
}

/** Builds the workflow of a run: called by the coordinator's user, and again in every worker. */
export type WorkflowFactory = (...args: any[]) => unknown;

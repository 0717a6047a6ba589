/**
 * The two ends of a remote edge inside a fragment, as streams the engine runs
 * like any other. A sink takes items from the local connection that fed the
 * remote consumer and sends them in packs, each pack only against a credit
 * from the receiver, so that at most `window` packs per channel are ever on
 * their way or waiting: a slow consumer elsewhere stops this sink, whose full
 * input then stops its producers, exactly as in one process. A source takes
 * packs in, pushes their items into the local connection as it has room, and
 * gives a credit back for each pack it has emptied.
 */
import type { Inputs, Outputs, Ending } from '../types';
import type { ChannelEnd, ChannelMessage, PlannedEdge } from './types';
import { Stream } from '../stream';
import type { Step } from '../workflow/step';
import { MimoError } from '../errors';
import { describe, messageOf } from '../describe';

/** One channel of a sink: its credit, and the pack it is filling. */
interface Lane {
  readonly end: ChannelEnd;
  credit: number;
  pack: unknown[];
  cancelled: boolean;
}

/** Sends what reaches one remote edge from this fragment, over one channel per replica of the consumer. */
export class RemoteSink extends Stream<{ in: unknown }, {}> {
  private readonly lanes: Lane[];
  /** The lane that takes the next item when items go by turns. */
  private turn = 0;
  private ended = false;
  private started = false;
  private input: Inputs<{ in: unknown }>['in'] | null = null;

  constructor(
    private readonly edge: PlannedEdge,
    ends: readonly ChannelEnd[],
    private readonly partitionBy: ((item: unknown) => unknown) | undefined,
  ) {
    super({ name: `→ ${edge.id}`, ins: ['in'] });
    this.lanes = ends.map((end) => ({ end, credit: edge.window, pack: [], cancelled: false }));
    for (const lane of this.lanes) lane.end.receive((m) => this.received(lane, m));
  }

  override run(ins: Inputs<{ in: unknown }>): boolean {
    const input = (this.input = ins.in);
    const lanes = this.lanes;
    // Live until it has sent the end: packs waiting for credit must not be lost to an early finish.
    if (!this.started) {
      this.started = true;
      (this.context as Step<any, any>).outsideStarted();
    }
    // Every receiver cancelled (perhaps before this ran at all): upstream can stop.
    if (lanes.every((l) => l.cancelled) && !input.done) input.cancel();
    const size = this.edge.pack;
    while (input.size > 0) {
      const at = this.partitionBy !== undefined ? this.laneOf(input.peek()) : this.nextLane();
      if (at < 0) break;
      const lane = lanes[at];
      if (lane.cancelled) {
        input.pop();
        continue;
      }
      // A lane takes items only against a credit: the pack it fills will spend it.
      if (lane.credit === 0) break;
      lane.pack.push(input.pop());
      if (lane.pack.length >= size) this.send(lane);
    }
    // Nothing more to take now: what is packed goes, so that a trickle is not held back.
    if (input.size === 0) for (const lane of lanes) if (lane.pack.length > 0 && lane.credit > 0) this.send(lane);
    if (input.done && !this.ended && lanes.every((l) => l.pack.length === 0)) {
      this.ended = true;
      for (const lane of lanes) if (!lane.cancelled) lane.end.send({ t: 'end' });
      (this.context as Step<any, any>).outsideEnded();
    }
    return false;
  }

  override finalize(ending: Ending): void {
    // A run that ended early (failed, aborted) tells the receivers nothing: the coordinator stops them.
    if (ending.reason === 'completed' && !this.ended) for (const lane of this.lanes) lane.end.send({ t: 'end' });
  }

  private send(lane: Lane): void {
    const items = lane.pack;
    lane.pack = [];
    lane.credit--;
    try {
      lane.end.send({ t: 'pack', items });
    } catch (err) {
      // A transport that explains its own refusal (a codec's, say) is believed; else it is a structured clone's.
      throw err instanceof MimoError ? err : uncloneable(this.edge, items, err);
    }
  }

  /** By turns among lanes with credit (staying with one while its pack fills); -1 when none has any. */
  private nextLane(): number {
    const lanes = this.lanes;
    const current = lanes[this.turn];
    if (!current.cancelled && current.credit > 0 && current.pack.length > 0) return this.turn;
    for (let k = 1; k <= lanes.length; k++) {
      const at = (this.turn + k) % lanes.length;
      if (!lanes[at].cancelled && lanes[at].credit > 0) {
        this.turn = at;
        return at;
      }
    }
    return -1;
  }

  private laneOf(item: unknown): number {
    return hashOf(this.partitionBy!(item)) % this.lanes.length;
  }

  private received(lane: Lane, message: ChannelMessage): void {
    if (message.t === 'credit') lane.credit += message.n;
    else if (message.t === 'cancel') {
      lane.cancelled = true;
      lane.pack = [];
      // Nobody wants any of it: upstream can stop.
      if (this.lanes.every((l) => l.cancelled)) this.input?.cancel();
    }
    this.context?.wake();
  }
}

/** Takes in what one channel of a remote edge carries to this fragment, and pushes it into the local connection. */
export class RemoteSource extends Stream<{}, { out: unknown }> {
  private readonly inbox: (readonly unknown[])[] = [];
  /** The next item of the first pack of the inbox. */
  private at = 0;
  private ended = false;
  private started = false;
  /** @internal The most packs it ever held, and the largest pack it took in (the credit window's bound, checked). */
  peakPacks = 0;
  /** @internal */ largestPack = 0;

  constructor(
    name: string,
    private readonly end: ChannelEnd,
  ) {
    super({ name, outs: ['out'] });
    end.receive((m) => this.received(m));
  }

  override run(_ins: Inputs<{}>, outs: Outputs<{ out: unknown }>): boolean {
    if (!this.started) {
      this.started = true;
      // Live from the start: items may arrive at any time; the run waits for them.
      (this.context as Step<any, any>).outsideStarted();
    }
    const out = outs.out;
    const inbox = this.inbox;
    while (inbox.length > 0 && !out.full) {
      const pack = inbox[0];
      out.push(pack[this.at++]);
      if (this.at === pack.length) {
        inbox.shift();
        this.at = 0;
        // A pack taken in: the sender may send another.
        this.end.send({ t: 'credit', n: 1 });
      }
    }
    if (inbox.length === 0 && this.ended) {
      out.close();
      (this.context as Step<any, any>).outsideEnded();
      return false;
    }
    // Items left waiting for room: run again when there is some.
    return inbox.length > 0;
  }

  override finalize(ending: Ending): void {
    // Every consumer cancelled: the sender need send nothing more.
    if (ending.reason === 'cancelled' && !this.ended) this.end.send({ t: 'cancel' });
  }

  private received(message: ChannelMessage): void {
    if (message.t === 'pack') {
      const held = this.inbox.push(message.items);
      if (held > this.peakPacks) this.peakPacks = held;
      if (message.items.length > this.largestPack) this.largestPack = message.items.length;
    } else if (message.t === 'end') this.ended = true;
    this.context?.wake();
  }
}

/** A stable hash of a partition key (a string, number, or anything else by its JSON). */
export function hashOf(key: unknown): number {
  let text: string;
  if (typeof key === 'string') text = key;
  else if (typeof key === 'number' || typeof key === 'boolean' || typeof key === 'bigint') text = String(key);
  else {
    try {
      text = JSON.stringify(key) ?? String(key);
    } catch {
      text = describe(key);
    }
  }
  // FNV-1a, 32 bits.
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** The error for a pack that could not cross: the edge, and the first item that cannot be cloned. */
function uncloneable(edge: PlannedEdge, items: readonly unknown[], err: unknown): MimoError {
  const clone = (globalThis as { structuredClone?: (v: unknown) => unknown }).structuredClone;
  let culprit = items[0];
  if (clone !== undefined) {
    for (const item of items) {
      try {
        clone(item);
      } catch {
        culprit = item;
        break;
      }
    }
  }
  return new MimoError(
    `${edge.id}: an item cannot cross to worker "${edge.to.worker || 'coordinator'}": ${describe(culprit)} (${messageOf(err)}). ` +
      'Items cross between threads by structured clone: send plain data (objects, arrays, strings, numbers, Maps, Dates…); ' +
      'functions cannot cross, and class instances arrive without their prototype.',
  );
}

/**
 * The two ends of a channel over a Redis stream, as the pumps of a fragment
 * see them (src/transport/pumps.ts). The producer's end stages each pack as
 * an entry with an explicit id (the sequence number of its last item) until
 * its session commits; the consumer's end hands entries in as packs, and
 * turns the pump's credits into acknowledgements of the entries it emptied.
 */
import type { ChannelEnd, ChannelMessage, PlannedEdge } from '../transport/types';
import { MimoError } from '../errors';
import { messageOf } from '../describe';
import type { Codec } from './codec';
import { EncodeError } from './codec';

/** What an end asks of its session. */
export interface EndHost {
  readonly codec: Codec;
  /** Something to commit: commit soon. */
  schedule(): void;
  /** An entry could not be read: fail. */
  broken(err: unknown): void;
}

/** Delivers messages to the handler once there is one, in order. */
abstract class Inbound {
  private handler: ((message: ChannelMessage) => void) | null = null;
  private early: ChannelMessage[] = [];

  receive(handler: (message: ChannelMessage) => void): void {
    this.handler = handler;
    const early = this.early;
    this.early = [];
    if (early.length > 0) queueMicrotask(() => early.forEach((m) => handler(m)));
  }

  protected deliver(message: ChannelMessage): void {
    if (this.handler === null) this.early.push(message);
    else this.handler(message);
  }

  close(): void {
    this.handler = () => {};
  }
}

/** The producer's end: packs become entries of the stream, committed by the session. */
export class ProducerEnd extends Inbound implements ChannelEnd {
  /** Entries to commit: [id, data (null: the end)]. */
  staged: [string, string | null][] = [];
  /** Sequence number of the last item (or end) sent. */
  seq = 0;
  /** The last sequence number in Redis: on a takeover, what was sent again up to it is left out. */
  committed = 0;

  constructor(
    private readonly host: EndHost,
    readonly edge: PlannedEdge,
    readonly stream: string,
    /** The channel's index in the plan (credit notices name it). */
    readonly index: number,
    private readonly to: string,
  ) {
    super();
  }

  /** The name of the pump that fills it (`→ edge`). */
  get pump(): string {
    return `→ ${this.edge.id}`;
  }

  send(message: ChannelMessage): void {
    if (message.t === 'pack') {
      let items = message.items;
      const first = this.seq + 1;
      this.seq += items.length;
      if (this.seq <= this.committed) {
        // Sent before a takeover, and already in Redis: the credit it took comes back at once.
        queueMicrotask(() => this.deliver({ t: 'credit', n: 1 }));
        return;
      }
      if (first <= this.committed) items = items.slice(this.committed - first + 1);
      let data: string;
      try {
        data = this.host.codec.encode(items);
      } catch (err) {
        throw this.unencodable(err);
      }
      this.staged.push([String(this.seq), data]);
      this.host.schedule();
    } else if (message.t === 'end') {
      this.seq++;
      if (this.seq > this.committed) this.staged.push([String(this.seq), null]);
      this.host.schedule();
    }
  }

  /** A credit notice of the consumer: `n` packs taken in (and acknowledged), and whether it wants no more. */
  credited(n: number, cancel: boolean): void {
    for (let i = 0; i < n; i++) this.deliver({ t: 'credit', n: 1 });
    if (cancel) this.deliver({ t: 'cancel' });
  }

  /** At a takeover: the stream already holds `n` entries the consumer has not taken, each worth a credit. */
  owe(n: number): void {
    if (n > 0) this.deliver({ t: 'credit', n: -n });
  }

  private unencodable(err: unknown): MimoError {
    const why = err instanceof EncodeError ? err.message : messageOf(err);
    return new MimoError(
      `${this.edge.id}: an item cannot cross to ${this.to} over Redis: ${why}. ` +
        'Items cross Redis encoded by the transport’s codec (JSON by default): send plain data (objects, arrays, strings, finite numbers, booleans, null), ' +
        'or give redis({ codec }) a codec that encodes it.',
      { cause: err },
    );
  }
}

/** The consumer's end: entries of the stream arrive as packs; emptied packs are acknowledged at the session's commits. */
export class ConsumerEnd extends Inbound implements ChannelEnd {
  /** Ids of the packs handed in and not yet emptied, oldest first. */
  private delivered: string[] = [];
  /** Ids of entries emptied (and the end), to acknowledge. */
  emptied: string[] = [];
  /** Credits the pump gave for them, to pass on to the producer with the acknowledgement. */
  credits = 0;
  cancel = false;
  cancelSent = false;
  /** The last entry id taken in (XREAD waits for one past it). */
  lastId = '0-0';

  constructor(
    private readonly host: EndHost,
    readonly stream: string,
    readonly index: number,
    /** The producer's credit stream. */
    readonly creditKey: string,
    /** The name of the pump that empties it (`← edge[from]`). */
    readonly pump: string,
  ) {
    super();
  }

  /** Packs handed to the pump and not emptied yet. */
  get holding(): number {
    return this.delivered.length;
  }

  send(message: ChannelMessage): void {
    if (message.t === 'credit') {
      for (let i = 0; i < message.n; i++) {
        const id = this.delivered.shift();
        if (id !== undefined) this.emptied.push(id);
        this.credits++;
      }
    } else if (message.t === 'cancel') this.cancel = true;
    this.host.schedule();
  }

  /** An entry read from the stream (fields as Redis gives them). */
  take(id: string, fields: readonly string[] | null): void {
    if (fields === null) return;
    const at = fields.indexOf('d');
    if (at < 0 || at % 2 !== 0) {
      // The end: acknowledged with the next commit, whatever was emptied before it.
      this.emptied.push(id);
      this.deliver({ t: 'end' });
      return;
    }
    let items: unknown[];
    try {
      items = this.host.codec.decode(fields[at + 1]);
    } catch (err) {
      this.host.broken(new MimoError(`${this.stream}: entry ${id} could not be decoded: ${messageOf(err)}`));
      return;
    }
    this.delivered.push(id);
    this.deliver({ t: 'pack', items });
  }
}

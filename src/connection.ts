/**
 * The bounded FIFO between output ports and one input port: the only owner of
 * buffered counts, capacity and open/closed/cancelled state. Streams and the
 * engine ask it; they never count for themselves.
 */
import type { ConnectionState } from './types';
import { PortError, StateError } from './errors';

/** What a connection wakes: the stream on either side of it. */
export interface Wakeable {
  /** Set while the engine has not yet looked at this stream since something changed. */
  signalled: boolean;
  /** Marks the stream as having something new to look at; the engine looks at it soon, never under the caller. */
  signal(): void;
  /** Room came in a connection this stream waits on: `true` when it still wants to run and was marked. */
  roomFreed(): boolean;
}

/**
 * An output port piped into several connections: it is full while any of them
 * is, so each tells it when it fills and when it leaves full.
 */
export interface Broadcaster {
  connFilled(): void;
  connDrained(): void;
}

/** The side of an output port that a connection talks back to. */
export interface Producer {
  /** `stream.port`, for messages. */
  readonly label: string;
  readonly step: Wakeable;
  /** One of this port's connections was cancelled by its consumer. */
  connectionCancelled(): void;
}

const INITIAL_SLOTS = 16;

/**
 * A ring buffer of items with a soft capacity: pushing at or past capacity
 * reports "full" (and throws in strict mode); popping below capacity wakes the
 * producers that were waiting for room.
 */
export class Connection<T = unknown> {
  state: ConnectionState = 'open';
  /** Buffered items. */
  size = 0;
  /** Items accepted since the start (sync groups match items by this index). */
  received = 0;
  /** The largest `size` ever reached. */
  peak = 0;
  /** How many times the buffer became full. */
  timesFull = 0;
  /** Items pushed after cancellation, or discarded by it. */
  dropped = 0;
  /** Output ports that push here and have not closed yet. */
  openProducers = 0;
  /** Set once a capacity was given explicitly by `pipe`. */
  capacityGiven = false;
  /** Items per pack, and packs in flight, when the connection crosses between placements (see PipeOptions). */
  pack: number | undefined = undefined;
  window: number | undefined = undefined;
  /** The consumer asks for items: an Observable source behind it may subscribe (see `Input.request`). */
  requested = true;
  /** A producer failed and the failure travels to the consumer (see `fail`). */
  failed = false;
  /** Why it failed: what was thrown, as thrown. */
  failure: unknown = undefined;
  readonly producers: Producer[] = [];
  /** Producers that push here and elsewhere too (see Broadcaster); usually none. */
  readonly broadcasters: Broadcaster[] = [];
  /**
   * Producers that stopped for room here, oldest first. Room wakes one at a
   * time (the engine wakes the next while room is left after it), so a
   * connection fed by a thousand producers costs one wake per item, not a thousand.
   */
  private waiters: Waiters | null = null;

  private head = 0;
  private mask = INITIAL_SLOTS - 1;
  private slots: (T | undefined)[] = new Array(INITIAL_SLOTS);

  constructor(
    /** `stream.port` of the consuming input, for messages. */
    readonly label: string,
    readonly consumer: Wakeable,
    public capacity: number,
    public strict: boolean,
  ) {}

  /** Appends an item; `false` when the buffer is now at capacity. Items pushed into a cancelled connection are dropped. */
  push(item: T): boolean {
    // Cancelled by the consumer, or closed by a producer's failure while others still push.
    if (this.state !== 'open') {
      this.dropped++;
      return true;
    }
    const n = this.size;
    if (n >= this.capacity && this.strict) throw this.overflow();
    if (n === this.slots.length) this.grow();
    this.slots[(this.head + n) & this.mask] = item;
    this.size = n + 1;
    this.received++;
    if (n >= this.peak) this.peak = n + 1;
    const consumer = this.consumer;
    if (!consumer.signalled) consumer.signal();
    if (n + 1 < this.capacity) return true;
    if (n + 1 === this.capacity) this.filled();
    return false;
  }

  /** Removes the oldest item; the caller has checked that there is one. */
  shift(): T {
    const i = this.head;
    const item = this.slots[i] as T;
    this.slots[i] = undefined;
    this.head = (i + 1) & this.mask;
    // Leaving "full" is the moment a producer waiting for room can go on.
    if (this.size-- === this.capacity) this.drained();
    return item;
  }

  /**
   * Appends the `k` oldest items of `from` (they stay there: see `discard`), as
   * `k` pushes would, with the bookkeeping done once. The caller has checked
   * the room (`k <= room`), so only the last item can fill this connection.
   */
  append(from: Connection<T>, k: number): void {
    if (k === 0) return;
    if (this.state !== 'open') {
      this.dropped += k;
      return;
    }
    const n = this.size;
    if (n + k > this.capacity && this.strict) throw this.overflow();
    while (n + k > this.slots.length) this.grow();
    const slots = this.slots;
    const mask = this.mask;
    const at = this.head + n;
    for (let j = 0; j < k; j++) slots[(at + j) & mask] = from.at(j);
    this.appended(n, k);
  }

  /** After `k` items were written past the `n` there were: what `k` pushes would have counted and told. */
  private appended(n: number, k: number): void {
    this.size = n + k;
    this.received += k;
    if (n + k > this.peak) this.peak = n + k;
    const consumer = this.consumer;
    if (!consumer.signalled) consumer.signal();
    if (n < this.capacity && n + k >= this.capacity) this.filled();
  }

  /**
   * Appends `fn` of each of the `k` oldest items of `from` (with its index,
   * from `index` on), and removes them from `from`: what `k` rounds of shift,
   * `fn` and push would do, with the bookkeeping done once. This connection is
   * open, its only producer is the caller's port (nothing else can push into
   * it while `fn` runs), and the caller has checked the room (`k <= room`). If
   * `fn` throws, the items before are appended and the one it threw on is
   * taken, as one by one.
   */
  appendMapped(from: Connection<any>, k: number, fn: (item: any, index: number) => T, index: number): void {
    const n = this.size;
    while (n + k > this.slots.length) this.grow();
    const slots = this.slots;
    const mask = this.mask;
    const at = this.head + n;
    let j = 0;
    try {
      // Its own loop, not appendEach's: one call site per caller keeps each monomorphic. A call
      // that ends the run (an abort) releases both connections: nothing more is read or written.
      for (; j < k && this.state === 'open'; j++) slots[(at + j) & mask] = fn(from.at(j), index + j);
    } finally {
      if (this.state === 'open') {
        // After a throw: the items mapped so far go on, and the one it threw on is gone, as one by one.
        from.discard(j < k ? j + 1 : k);
        if (j > 0) this.appended(n, j);
      }
    }
  }

  /**
   * Appends `make(0)` … `make(k - 1)` as `k` pushes would, with the
   * bookkeeping done once. This connection is open, its only producer is the
   * caller's port (nothing else can push into it while `make` runs), and the
   * caller has checked the room (`k <= room`). If `make` throws, what it made
   * before is appended.
   */
  appendEach(k: number, make: (j: number) => T): void {
    const n = this.size;
    while (n + k > this.slots.length) this.grow();
    const slots = this.slots;
    const mask = this.mask;
    const at = this.head + n;
    let j = 0;
    try {
      for (; j < k && this.state === 'open'; j++) slots[(at + j) & mask] = make(j);
    } finally {
      if (j > 0 && this.state === 'open') this.appended(n, j);
    }
  }

  /** The `j`-th oldest item (0: the oldest); the caller has checked that there are more than `j`. */
  at(j: number): T {
    return this.slots[(this.head + j) & this.mask] as T;
  }

  /** Removes the `k` oldest items, as `k` shifts would; the caller has checked that there are as many. */
  discard(k: number): void {
    if (k === 0) return;
    const slots = this.slots;
    const mask = this.mask;
    let head = this.head;
    for (let j = 0; j < k; j++) {
      slots[head] = undefined;
      head = (head + 1) & mask;
    }
    this.head = head;
    const before = this.size;
    this.size = before - k;
    if (before >= this.capacity && this.size < this.capacity) this.drained();
  }

  /** The oldest item; the caller has checked that there is one. */
  peek(): T {
    return this.slots[this.head] as T;
  }

  /** How many more items fit before the connection is full (0 when over capacity). */
  get room(): number {
    return this.state === 'cancelled' ? Infinity : Math.max(0, this.capacity - this.size);
  }

  get full(): boolean {
    return this.state !== 'cancelled' && this.size >= this.capacity;
  }

  /** A producer that runs elsewhere (see src/transport): it no longer counts as one here. */
  detach(producer: Producer): void {
    const at = this.producers.indexOf(producer);
    if (at < 0) return;
    this.producers.splice(at, 1);
    this.openProducers--;
    const b = this.broadcasters.indexOf(producer as unknown as Broadcaster);
    if (b >= 0) this.broadcasters.splice(b, 1);
  }

  /** A producer stopped for room here: it is woken when room comes, in turn. */
  waitForRoom(producer: Wakeable): void {
    (this.waiters ??= new Waiters()).add(producer);
  }

  /** Room is left and someone waits for it. */
  get roomWanted(): boolean {
    return this.waiters !== null && !this.waiters.empty && this.state !== 'cancelled' && this.size < this.capacity;
  }

  /** Wakes the oldest waiter that still wants to run. */
  wakeWaiter(): void {
    const waiters = this.waiters;
    if (waiters === null) return;
    for (let w = waiters.shift(); w !== undefined; w = waiters.shift()) if (w.roomFreed()) break;
  }

  /** One producer closed; the connection closes when the last one does. */
  producerClosed(): void {
    if (--this.openProducers > 0 || this.state !== 'open') return;
    this.moveTo('closed');
    this.consumer.signal();
  }

  /**
   * A producer failed and its failure travels downstream: the connection
   * closes with `failure`, after the items already in it; what its other
   * producers push from now on is dropped, and they are told as if the
   * consumer had cancelled.
   */
  fail(failed: Producer, failure: unknown): void {
    if (this.state !== 'open') return;
    this.failed = true;
    this.failure = failure;
    this.moveTo('closed');
    for (const p of this.producers) if (p !== failed) p.connectionCancelled();
    this.consumer.signal();
  }

  /** At the start of a run: an input nothing is piped into is closed from the start. */
  closeIfUnconnected(): void {
    if (this.producers.length === 0 && this.state === 'open') this.moveTo('closed');
  }

  /** The consumer wants nothing more: buffered items are discarded and producers are told. */
  cancel(): void {
    if (this.state === 'cancelled') return;
    // A cancelled connection is never full: ports pushing elsewhere too must know.
    if (this.size >= this.capacity) for (const b of this.broadcasters) b.connDrained();
    this.moveTo('cancelled');
    this.dropped += this.size;
    this.clear();
    for (const p of this.producers) p.connectionCancelled();
  }

  /** Drops every buffered item and frees the buffer (a failed or aborted workflow). */
  release(): void {
    if (this.state !== 'cancelled') this.moveTo('cancelled');
    this.waiters = null;
    this.clear();
    this.slots = [];
    this.mask = -1;
  }

  /** The one place the state changes: open → closed → cancelled, or open → cancelled. */
  private moveTo(next: ConnectionState): void {
    if (this.state === 'cancelled' || (this.state === 'closed' && next !== 'cancelled')) {
      throw new StateError(`connection to ${this.label}: cannot go from ${this.state} to ${next}`);
    }
    this.state = next;
  }

  private filled(): void {
    this.timesFull++;
    const bs = this.broadcasters;
    for (let i = 0; i < bs.length; i++) bs[i].connFilled();
  }

  private drained(): void {
    const bs = this.broadcasters;
    for (let i = 0; i < bs.length; i++) bs[i].connDrained();
    // One producer (most connections): it is the one to wake, if it wants the room, with no queue;
    // unless it pushes into other connections too, and so waits for all of them (its count, above).
    if (this.producers.length === 1) {
      if (bs.length === 0) this.producers[0].step.roomFreed();
    } else if (this.waiters !== null && !this.waiters.empty) this.wakeWaiter();
  }

  private clear(): void {
    this.slots.fill(undefined);
    this.head = 0;
    this.size = 0;
  }

  private grow(): void {
    const old = this.slots;
    const n = old.length;
    const next: (T | undefined)[] = new Array(n === 0 ? INITIAL_SLOTS : n * 2);
    for (let k = 0; k < this.size; k++) next[k] = old[(this.head + k) & this.mask];
    this.slots = next;
    this.head = 0;
    this.mask = next.length - 1;
  }

  private overflow(): PortError {
    const from = this.producers.map((p) => p.label).join(', ') || '(nothing)';
    return new PortError(
      `${from}: push into a full connection to ${this.label} (capacity ${this.capacity}) in strict mode; ` +
        'stop pushing when push() returns false and return true from run() to be run again when there is room.',
    );
  }
}

/**
 * A FIFO of distinct waiters, allocated once per connection and reused. Most
 * connections have one producer, so membership is a scan of the few waiting
 * until there are many, then a Set.
 */
class Waiters {
  private readonly list: Wakeable[] = [];
  private head = 0;
  private members: Set<Wakeable> | null = null;

  get empty(): boolean {
    return this.head === this.list.length;
  }

  add(w: Wakeable): void {
    const list = this.list;
    if (this.members !== null) {
      if (this.members.has(w)) return;
      this.members.add(w);
    } else {
      for (let i = this.head; i < list.length; i++) if (list[i] === w) return;
      if (list.length - this.head >= 8) this.members = new Set(list.slice(this.head)).add(w);
    }
    list.push(w);
  }

  shift(): Wakeable | undefined {
    const list = this.list;
    if (this.head === list.length) return undefined;
    const w = list[this.head];
    list[this.head++] = undefined as unknown as Wakeable;
    this.members?.delete(w);
    if (this.head === list.length) {
      list.length = 0;
      this.head = 0;
      this.members = null;
    } else if (this.head > 64 && this.head * 2 > list.length) {
      list.splice(0, this.head);
      this.head = 0;
    }
    return w;
  }
}

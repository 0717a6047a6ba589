/**
 * The ports a stream sees inside `run`: thin views over connections. An input
 * reads one connection (shared by every output piped into it); an output
 * writes to one connection per input it is piped to.
 */
import type { Input, Output } from './types';
import { Connection, type Broadcaster, type Wakeable, type Producer } from './connection';
import { PortError } from './errors';

/** The stream side of a port: what ports report to when they change state. */
export interface PortOwner extends Wakeable {
  readonly name: string;
  /** One of the stream's connected outputs has had all of its consumers cancel. */
  outputCancelled(): void;
}

/** An input port; inside a sync group it shows only complete sets. */
export class InputPort<T = unknown> implements Input<T> {
  /** The other inputs this one is synchronised with (itself included), or null. */
  group: InputPort[] | null = null;
  /**
   * In a sync group: how many sets were complete at the last scan of the group. Received
   * counts only grow, so this stays a lower bound, and a pop below it needs no new scan.
   */
  knownSets = 0;

  constructor(
    readonly owner: PortOwner,
    readonly name: string,
    readonly conn: Connection<T>,
  ) {}

  get size(): number {
    return this.group === null ? this.conn.size : visibleInGroup(this);
  }

  get closed(): boolean {
    return this.group === null ? this.conn.state !== 'open' : groupExhausted(this.group);
  }

  get done(): boolean {
    return this.closed && this.size === 0;
  }

  get failed(): boolean {
    return this.conn.failed;
  }

  get failure(): unknown {
    return this.conn.failure;
  }

  pop(): T {
    const c = this.conn;
    if (this.group === null) {
      if (c.size === 0) throw this.empty('pop');
    } else if (c.received - c.size >= this.knownSets && visibleInGroup(this) === 0) {
      // (A cancelled or released connection holds nothing, so it always takes the scan, which says 0.)
      throw this.empty('pop');
    }
    return c.shift();
  }

  peek(): T {
    const c = this.conn;
    if (this.group === null ? c.size === 0 : visibleInGroup(this) === 0) throw this.empty('peek');
    return c.peek();
  }

  get requested(): boolean {
    return this.conn.requested;
  }

  request(): void {
    const c = this.conn;
    if (c.requested) return;
    c.requested = true;
    // A source waiting for demand may start now.
    for (const p of c.producers) p.step.signal();
  }

  cancel(): void {
    if (this.conn.state === 'cancelled') return;
    this.conn.cancel();
    // The stream runs once more and sees the input done, so it can finish.
    this.owner.signal();
  }

  private empty(op: string): PortError {
    return new PortError(
      `${this.owner.name}.${this.name}: ${op} on an empty input; check size > 0 (or done) before calling ${op}().`,
    );
  }
}

/**
 * Items of a sync group are matched by their index in each input, so a set is
 * complete once every input has received it, whatever was popped elsewhere.
 */
function visibleInGroup(input: InputPort): number {
  const c = input.conn;
  if (c.state === 'cancelled') return 0;
  const group = input.group as InputPort[];
  // Whole-number arithmetic only (no Infinity): this runs for every item a join pops.
  let complete = c.received;
  for (let i = 0; i < group.length; i++) {
    const r = group[i].conn.received;
    if (r < complete) complete = r;
  }
  input.knownSets = complete;
  return complete - (c.received - c.size);
}

/** No further complete set can arrive: an input of the group is cancelled, or closed with no item beyond the last set. */
function groupExhausted(group: InputPort[]): boolean {
  let complete = Infinity;
  for (let i = 0; i < group.length; i++) complete = Math.min(complete, group[i].conn.received);
  for (let i = 0; i < group.length; i++) {
    const c = group[i].conn;
    if (c.state === 'cancelled' || (c.state === 'closed' && c.received === complete)) return true;
  }
  return false;
}

/** A stage's ports as the engine owns them: the connections its inputs read, and its output ports. */
export interface OwnPorts {
  readonly from: Connection<unknown>[];
  readonly to: OutputPort<unknown>[];
}

/**
 * The connections behind `ins` and the ports behind `outs`, for moving items
 * in bulk (`OutputPort.pushFrom`, `Connection.discard`), when the engine owns
 * them all and no input is in a sync group (where a stage sees only complete
 * sets); else null, and the stage moves items one by one.
 */
export function ownPorts(ins: readonly Input<unknown>[], outs: readonly Output<unknown>[]): OwnPorts | null {
  const from: Connection<unknown>[] = [];
  for (const i of ins) {
    if (!(i instanceof InputPort) || i.group !== null) return null;
    from.push(i.conn);
  }
  for (const o of outs) if (!(o instanceof OutputPort)) return null;
  return { from, to: outs as OutputPort<unknown>[] };
}

/** An output port; broadcasts to every connection it is piped to. */
export class OutputPort<T = unknown> implements Output<T>, Producer, Broadcaster {
  state: 'open' | 'closed' = 'open';
  readonly conns: Connection<T>[] = [];
  /** Items pushed while the port is piped nowhere (they are discarded). */
  discarded = 0;
  /** The connection when there is exactly one: the fast path of `push`. */
  /** The connection when there is exactly one: the fast path of `push` and `full`. */
  single: Connection<T> | null = null;
  /** With several connections: how many are full now (they keep the count). */
  private fullConns = 0;
  /** With several connections: the step waits for this port to have room. */
  waiting = false;
  private live = 0;

  constructor(
    readonly owner: PortOwner,
    readonly name: string,
  ) {}

  get step(): Wakeable {
    return this.owner;
  }

  get label(): string {
    return `${this.owner.name}.${this.name}`;
  }

  push(item: T): boolean {
    if (this.state !== 'open') throw this.pushAfterClose();
    const c = this.single;
    if (c !== null) return c.push(item);
    // A push never runs the loop (it only marks consumers ready), so a fan-out from outside the
    // loop reaches every connection before any consumer runs.
    const conns = this.conns;
    if (conns.length === 0) this.discarded++;
    let room = true;
    for (let i = 0; i < conns.length; i++) if (!conns[i].push(item)) room = false;
    return room;
  }

  /**
   * Pushes the `k` oldest items of `from` (left there: the caller discards
   * them) as `k` pushes would; the caller has checked the room (`k <= room`).
   */
  pushFrom(from: Connection<T>, k: number): void {
    if (k === 0) return;
    if (this.state !== 'open') throw this.pushAfterClose();
    const c = this.single;
    if (c !== null) return c.append(from, k);
    const conns = this.conns;
    if (conns.length === 0) this.discarded += k;
    for (let i = 0; i < conns.length; i++) conns[i].append(from, k);
  }

  get full(): boolean {
    const c = this.single;
    return c !== null ? c.full : this.fullConns > 0;
  }

  get room(): number {
    const c = this.single;
    if (c !== null) return c.room;
    let room = Infinity;
    for (const conn of this.conns) room = Math.min(room, conn.room);
    return room;
  }

  get closed(): boolean {
    return this.state === 'closed';
  }

  /** Some consumer asks for items (see `Input.request`); a port piped nowhere always is. */
  get requested(): boolean {
    const conns = this.conns;
    if (conns.length === 0) return true;
    for (let i = 0; i < conns.length; i++) if (conns[i].requested && conns[i].state !== 'cancelled') return true;
    return false;
  }

  get cancelled(): boolean {
    return this.conns.length > 0 && this.live === 0;
  }

  close(): void {
    if (this.state === 'closed') return;
    this.state = 'closed';
    for (const conn of this.conns) conn.producerClosed();
  }

  /** Wires this port into a connection (build time only). */
  connect(conn: Connection<T>): void {
    this.conns.push(conn);
    // Piped to several connections: each keeps this port's count of full ones.
    if (this.conns.length === 2) this.conns[0].broadcasters.push(this);
    if (this.conns.length >= 2) conn.broadcasters.push(this);
    this.single = this.conns.length === 1 ? conn : null;
    this.live++;
    conn.producers.push(this);
    conn.openProducers++;
  }

  /** Pushes into `to` instead of `from` (a fragment of a run over a transport; see src/transport). */
  reroute(from: Connection<T>, to: Connection<T>): void {
    const at = this.conns.indexOf(from);
    if (at < 0) return;
    from.detach(this);
    this.conns[at] = to;
    this.single = this.conns.length === 1 ? to : null;
    to.producers.push(this);
    to.openProducers++;
    if (this.conns.length >= 2) to.broadcasters.push(this);
  }

  connFilled(): void {
    this.fullConns++;
  }

  connDrained(): void {
    if (--this.fullConns > 0 || !this.waiting) return;
    this.waiting = false;
    this.owner.roomFreed();
  }

  connectionCancelled(): void {
    if (--this.live === 0) this.owner.outputCancelled();
    // A producer that waited for room in this connection may go on now.
    this.owner.signal();
  }

  private pushAfterClose(): PortError {
    return new PortError(
      `${this.label}: push after close; the port was closed by close() or because the stream finished. ` +
        'Do not push once an output is closed.',
    );
  }
}

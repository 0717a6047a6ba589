/**
 * One participant's side of a run over Redis (the coordinator, or one worker
 * replica): its connections, its ends of the data streams, two blocking
 * readers (data by the consumer group; control messages and credit notices),
 * the lease, and the commits.
 *
 * A commit is one script: the entries staged since the last one, the credit
 * notices for the producers, and — when nothing taken in is still inside the
 * fragment (`drained`) — the acknowledgement and deletion of the entries
 * emptied. So an item is acknowledged only once all that came of it is in
 * Redis: a process that dies loses nothing, and whoever takes over reads
 * the unacknowledged entries again, leaving out (by sequence number) what
 * was committed already. Control messages, and the deletion of the control
 * messages and credit notices read, go in commits too: a process taken over
 * and not yet aware of it can neither speak for its part nor delete what the
 * new owner has yet to read.
 */
import type { ChannelEnd, ChannelKey, Participant, RunPlan } from '../transport/types';
import { channelsOf, participantText } from '../transport/plan';
import { hangUp, type RedisClient } from './client';
import type { Codec } from './codec';
import { ConsumerEnd, ProducerEnd, type EndHost } from './ends';
import { GROUP, type Keys } from './keys';
import { CLAIM, COMMIT, HEARTBEAT, READ, evalScript } from './scripts';

/** The connected parts of a fragment, as `parts()` sees them now. */
export interface Parts {
  /** Whether the part `stream` is in holds nothing (a finished stream's: yes). */
  empty(stream: string): boolean;
  /** Marks the part `stream` is in as holding something. */
  busy(stream: string): void;
}

/** What a session needs from its transport. */
export interface Settings {
  readonly keys: Keys;
  readonly codec: Codec;
  /** Lease of a worker replica (ms): silent longer, it is taken over. */
  readonly claimAfter: number;
}

/** The three connections of a participant. */
export interface Connections {
  readonly cmd: RedisClient;
  readonly control: RedisClient;
  readonly data: RedisClient;
}

/** How a session ends, for its owner. */
export interface SessionEvents {
  /** A control message for this participant (the coordinator: from `from`). */
  control(message: Record<string, unknown>, from: string): void;
  /** Another process owns this part now (this one was silent too long), or the run is over. */
  fenced(): void;
  /** Redis failed (a lost connection, after the client's retries). */
  broken(err: unknown): void;
}

/** Control messages and credit notices read that wait, at most, for a commit of their own. */
const READ_BATCH = 256;

export class Session implements EndHost {
  readonly role: string;
  readonly codec: Codec;
  private readonly producers: ProducerEnd[] = [];
  private readonly consumers: ConsumerEnd[] = [];
  private readonly ends = new Map<string, ChannelEnd>();
  private readonly byStream = new Map<string, ConsumerEnd>();
  private readonly byIndex = new Map<number, ProducerEnd>();
  /**
   * Which parts of the fragment hold nothing now: a function from a stream's
   * name to whether the connected part of the fragment it is in is empty,
   * or null when the fragment may still move. Set by the owner once the
   * workflow is built.
   */
  parts: () => Parts | null = () => null;
  /** This process took the part over from another. */
  takenOver = false;
  /** Ids of control messages and credit notices read, by stream: deleted by the next commit. */
  private readonly read = new Map<string, string[]>();
  /** Control messages to send with the next commit: [control stream, what makes the message]. */
  private outbox: [string, () => unknown][] = [];
  /** How many ids `read` holds: past READ_BATCH, a commit deletes them even with nothing else to commit. */
  private unread = 0;
  private timer: ReturnType<typeof setImmediate> | null = null;
  /** Commits sent so far (each is numbered), and the last one's outcome. */
  private commits = 0;
  private lastCommit: Promise<unknown> = Promise.resolve();
  private beat: ReturnType<typeof setInterval> | null = null;
  private closed = false;
  private stopped = false;

  constructor(
    private readonly settings: Settings,
    readonly plan: RunPlan,
    readonly self: Participant,
    readonly runId: string,
    readonly token: string,
    /** The coordinator acknowledges what it empties at once (it is never taken over). */
    private readonly eager: boolean,
    private readonly conns: Connections,
    private readonly events: SessionEvents,
  ) {
    const keys = settings.keys;
    this.codec = settings.codec;
    this.role = participantText(self.worker, self.replica);
    const edges = new Map(plan.edges.map((e) => [e.id, e]));
    channelsOf(plan).forEach((key, index) => {
      const edge = edges.get(key.edge)!;
      const stream = keys.stream(edge, key);
      if (edge.from.worker === self.worker && key.from === self.replica) {
        const to = edge.to.worker === '' ? 'the coordinator' : `worker "${edge.to.worker}"`;
        const end = new ProducerEnd(this, edge, stream, index, to);
        this.producers.push(end);
        this.byIndex.set(index, end);
        this.ends.set(`${index}`, end);
      } else if (edge.to.worker === self.worker && key.to === self.replica) {
        const producer = keys.credit(participantText(edge.from.worker, key.from));
        const end = new ConsumerEnd(this, stream, index, producer, `← ${edge.id}[${key.from}]`);
        this.consumers.push(end);
        this.byStream.set(stream, end);
        this.ends.set(`${index}`, end);
      }
    });
    this.indexOf = new Map(channelsOf(plan).map((k, i) => [`${k.edge}|${k.from}|${k.to}`, i]));
    // A lost connection that the client restores (ioredis sends again what had no answer, then what waited)
    // loses the run nothing: a commit sent again is recognised (its number), a read sent again gets the
    // entries the first one took (see READ), and blocking reads wait on. A client that gives up fails the run.
  }

  private readonly indexOf: Map<string, number>;

  /** This participant's end of a channel. */
  channel(key: ChannelKey): ChannelEnd {
    return this.ends.get(`${this.indexOf.get(`${key.edge}|${key.from}|${key.to}`)}`)!;
  }

  /**
   * Takes this part of the run (with a lease, unless `lease` is 0), and picks
   * up where a previous owner left it: sequence numbers, credit owed, and the
   * entries it took in without acknowledging them. False: not this process's
   * to run (another run, or a live owner).
   */
  async claim(lease: number): Promise<boolean> {
    const keys = this.settings.keys;
    const outs = this.producers.map((p) => p.stream);
    const answer = (await evalScript(
      this.conns.cmd,
      CLAIM,
      [keys.run, keys.owner(this.role), keys.credit(this.role), keys.seq, keys.base, ...outs],
      [this.runId, this.token, lease],
    )) as (string | number)[];
    if (answer[0] !== 'ok') return false;
    this.producers.forEach((p, i) => {
      const length = Number(answer[1 + 3 * i]);
      p.committed = Number(answer[2 + 3 * i]);
      p.seq = Number(answer[3 + 3 * i]);
      if (p.committed > 0 || length > 0) this.takenOver = true;
      p.owe(length);
    });
    for (const c of this.consumers) {
      let cursor = '0-0';
      do {
        const [next, entries] = (await this.conns.cmd.call(
          'XAUTOCLAIM',
          c.stream,
          GROUP,
          this.token,
          0,
          cursor,
          'COUNT',
          1000,
        )) as [string, [string, string[] | null][]];
        if (entries.length > 0) this.takenOver = true;
        for (const [id, fields] of entries) c.take(id, fields);
        cursor = next;
      } while (cursor !== '0-0');
      const groups = (await this.conns.cmd.call('XINFO', 'GROUPS', c.stream)) as string[][];
      const group = groups.map(fieldsOf).find((g) => g.name === GROUP);
      c.lastId = group?.['last-delivered-id'] ?? '0-0';
    }
    return true;
  }

  /** Starts reading (and, with a lease, renewing it). */
  start(lease: number): void {
    void this.readData();
    void this.readControl();
    if (lease > 0) {
      const keys = this.settings.keys;
      this.beat = setInterval(
        () => {
          evalScript(
            this.conns.cmd,
            HEARTBEAT,
            [keys.run, keys.owner(this.role)],
            [this.runId, this.token, lease],
          ).then(
            (ok) => {
              if (ok === 0) this.fence();
            },
            (err: unknown) => this.broken(err),
          );
        },
        Math.max(1, Math.floor(lease / 3)),
      );
    }
  }

  /** Packs taken in whose credit waits for a commit: not yet sent, for the coordinator's count. */
  heldCredits(): number {
    let n = 0;
    for (const c of this.consumers) n += c.credits;
    return n;
  }

  /**
   * Sends a control message to `to`'s control stream in a commit now, after whatever is staged;
   * `message` makes it once the commit has taken what it sends (credits, acknowledgements).
   */
  sendControl(to: string, message: () => unknown): void {
    if (this.stopped) return;
    this.outbox.push([this.settings.keys.control(to), message]);
    this.flush();
  }

  schedule(): void {
    if (this.timer !== null || this.stopped) return;
    this.timer = setImmediate(() => {
      this.timer = null;
      this.flush();
    });
  }

  /** Commits what is staged now (see the file's comment). */
  flush(): void {
    if (this.stopped) return;
    const keys = this.settings.keys;
    const names = [keys.run, keys.owner(this.role), keys.seq, keys.base, keys.peak];
    const index = new Map<string, number>();
    const k = (name: string) => {
      let i = index.get(name);
      if (i === undefined) {
        names.push(name);
        i = names.length;
        index.set(name, i);
      }
      return i;
    };
    const a: [number, string, number][] = [];
    const args: (string | number)[] = [this.runId, this.token, this.lease, GROUP, ''];
    for (const p of this.producers) {
      for (const [id, data] of p.staged) {
        if (data !== null) args.push(data);
        a.push([k(p.stream), id, data === null ? 0 : args.length]);
      }
      p.staged = [];
    }
    const parts = this.eager ? null : this.parts();
    // A part is through when its connections are empty and its pumps hold no pack.
    if (parts !== null) for (const end of this.consumers) if (end.holding > 0) parts.busy(end.pump);
    const acks: [number, string[]][] = [];
    const c: [number, number, number, number][] = [];
    const b: [string, string][] = [];
    for (const end of this.consumers) {
      const drained = this.eager || (parts !== null && parts.empty(end.pump));
      const cancel = end.cancel && !end.cancelSent;
      if (drained && end.emptied.length > 0) {
        acks.push([k(end.stream), end.emptied]);
        end.emptied = [];
      }
      if ((drained && end.credits > 0) || cancel) {
        c.push([k(end.creditKey), end.index, drained ? end.credits : 0, cancel ? 1 : 0]);
        if (drained) end.credits = 0;
        end.cancelSent ||= cancel;
      }
    }
    if (parts !== null) for (const p of this.producers) if (parts.empty(p.pump)) b.push([p.stream, String(p.seq)]);
    const x: [number, string[]][] = [];
    for (const [stream, ids] of this.read) x.push([k(stream), ids]);
    this.read.clear();
    this.unread = 0;
    const m = this.outbox.map(([stream, make]): [number, string] => [k(stream), JSON.stringify(make())]);
    this.outbox = [];
    if (a.length === 0 && acks.length === 0 && c.length === 0 && x.length === 0 && m.length === 0) return;
    const n = ++this.commits;
    args[4] = JSON.stringify({ a, k: acks, c, b, x, m, f: this.role, n });
    const send = () => evalScript(this.conns.cmd, COMMIT, names, args);
    // 2: it came before the one sent before it (see COMMIT); again once that one is in.
    const previous = this.lastCommit;
    const outcome = send().then((ok) =>
      ok !== 2
        ? ok
        : previous.then(send).then((again) => {
            if (again === 2)
              throw new Error(`commit ${n} of ${this.role} came before commit ${n - 1}, which never went in`);
            return again;
          }),
    );
    this.lastCommit = outcome.catch(() => {});
    outcome.then(
      (ok) => {
        if (ok === 0) this.fence();
      },
      (err: unknown) => this.broken(err),
    );
  }

  private get lease(): number {
    return this.eager ? 0 : this.settings.claimAfter;
  }

  /**
   * Reads the input streams: waits (XREAD, which takes nothing) until one has
   * an entry past what this process took in, then takes in what is new with
   * the READ script, which checks that the part is still this process's.
   */
  private async readData(): Promise<void> {
    const consumers = this.consumers;
    if (consumers.length === 0) return;
    const keys = this.settings.keys;
    const streams = consumers.map((c) => c.stream);
    const names = [keys.run, keys.owner(this.role), ...streams];
    try {
      while (!this.stopped) {
        const got = (await evalScript(this.conns.data, READ, names, [
          this.runId,
          this.token,
          this.lease,
          GROUP,
          1000,
          ...consumers.map((c) => c.lastId),
        ])) as [string, [string, string[]][]][] | 0;
        if (this.stopped) return;
        if (got === 0) {
          this.fence();
          return;
        }
        if (got.length > 0) {
          for (const [stream, entries] of got) {
            const end = this.byStream.get(stream)!;
            for (const [id, fields] of entries) end.take(id, fields);
            if (entries.length > 0) end.lastId = entries[entries.length - 1][0];
          }
          this.schedule();
          continue;
        }
        await this.conns.data.call(
          'XREAD',
          'COUNT',
          1,
          'BLOCK',
          0,
          'STREAMS',
          ...streams,
          ...consumers.map((c) => c.lastId),
        );
      }
    } catch (err) {
      this.broken(err);
    }
  }

  private async readControl(): Promise<void> {
    const keys = this.settings.keys;
    const control = keys.control(this.role);
    const credit = keys.credit(this.role);
    let lastControl = '0-0';
    let lastCredit = '0-0';
    try {
      while (!this.stopped) {
        const got = (await this.conns.control.call(
          'XREAD',
          'COUNT',
          1000,
          'BLOCK',
          0,
          'STREAMS',
          control,
          credit,
          lastControl,
          lastCredit,
        )) as [string, [string, string[]][]][] | null;
        if (got === null || this.stopped) continue;
        for (const [stream, entries] of got) {
          const ids = entries.map(([id]) => id);
          if (stream === control) lastControl = ids[ids.length - 1];
          else lastCredit = ids[ids.length - 1];
          // Deleted by the next commit (one goes out soon when a credit comes in), only while this process
          // still owns its part (see COMMIT); a commit of their own once they are many.
          const read = this.read.get(stream);
          if (read === undefined) this.read.set(stream, ids);
          else read.push(...ids);
          this.unread += ids.length;
          if (this.unread >= READ_BATCH) this.schedule();
          for (const [, fields] of entries) {
            if (this.stopped) return;
            const f = fieldsOf(fields);
            if (stream === control) this.events.control(JSON.parse(f.m) as Record<string, unknown>, f.f);
            else this.byIndex.get(Number(f.s))?.credited(Number(f.n), f.x === '1');
          }
        }
      }
    } catch (err) {
      this.broken(err);
    }
  }

  private fence(): void {
    if (this.stopped) return;
    this.events.fenced();
  }

  broken(err: unknown): void {
    if (this.stopped) return;
    this.events.broken(err);
  }

  /** Stops reading, committing and renewing; closes the connections (waiting for what was sent on the command one). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.stopped = true;
    if (this.timer !== null) clearImmediate(this.timer);
    if (this.beat !== null) clearInterval(this.beat);
    this.timer = null;
    this.beat = null;
    for (const end of this.ends.values()) end.close();
    this.conns.control.disconnect();
    this.conns.data.disconnect();
    await hangUp(this.conns.cmd);
  }

  /** Stops committing (the last commit has gone out), but keeps the connections until close(). */
  stop(): void {
    this.flush();
    this.stopped = true;
  }
}

function fieldsOf(fields: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i + 1 < fields.length; i += 2) out[fields[i]] = fields[i + 1];
  return out;
}

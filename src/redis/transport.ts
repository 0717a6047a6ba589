/**
 * The Redis transport: `redis({ url | client, prefix })`. The coordinator (the
 * process that calls `run({ transport })`) opens a run: it clears the keys of
 * the prefix, creates a stream and consumer group per channel, and posts one
 * job per worker replica on a list that `runWorker` processes wait on. It
 * watches the leases of the parts: one silent longer than `claimAfter` is
 * posted again, for another process of its worker to take over.
 */
import type { Hub, RunPlan } from '../transport/types';
import { Transport } from '../transport/transport';
import { MimoError } from '../errors';
import { checkOptions } from '../options';
import { messageOf } from '../describe';
import { Connector, type RedisClient } from './client';
import { jsonCodec, type Codec } from './codec';
import { GROUP, Keys, roleNames } from './keys';
import { CLOSED, HubLink } from './links';
import { Session, type Connections, type Settings } from './session';

/** Options of {@link redis}. */
export interface RedisOptions {
  /** A Redis URL (`redis://host:port`); needs the ioredis package. */
  url?: string;
  /** A connected client (an ioredis `Redis`); the transport opens its own connections with `duplicate()`. */
  client?: RedisClient;
  /** Starts every key of a run (as a hash tag: `{prefix}:…`); one run at a time per prefix. Default `rx-mimo`. */
  prefix?: string;
  /** A worker replica silent longer than this (ms) is taken over by another process of its worker. Default 10 000. */
  claimAfter?: number;
  /** How long (ms) a silent part's job may wait for a process to take it over before the run fails. Default 3 × claimAfter. */
  takeoverWithin?: number;
  /** How items cross (default: JSON, checked). */
  codec?: Codec;
  /**
   * Packs an edge may hold that its receiver has not consumed, when its `pipe` gives no `window`. Default
   * 128: a window is one round of the credit chain (the producer's commit, the receiver's read and its
   * commit of acknowledgements and credit), about a millisecond on loopback: 8 packs of 100 cost 65 % of
   * an unbounded edge's rate on the bench machine, 128 cost 21 % (bench/RESULTS.md). Redis holds at most
   * `window` × `pack` items per edge.
   */
  window?: number;
}

/** The window of a Redis edge whose `pipe` gives none. */
export const REDIS_WINDOW = 128;

/** What a run's job says to the process that takes it. */
export interface Job {
  readonly run: string;
  readonly worker: string;
  readonly replica: number;
  readonly plan: RunPlan;
  readonly takeover: boolean;
}

/** Why a run fails when a connection closes while it opens. */
const OPENING =
  'the connection closed while the run was opening (a worker may have taken its part and lost the answer)';

/** A random id (no dependency on Node's crypto: the transport runs wherever ioredis does). */
export function randomId(): string {
  return `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 10)}`;
}

/**
 * Runs a workflow's placed steps in worker processes that talk through Redis
 * Streams: each remote edge becomes a stream per partition, items cross in
 * packs with credit back-pressure, and a worker that dies is taken over.
 *
 * @example
 * ```ts
 * const transport = redis({ url: 'redis://127.0.0.1:6379' });
 * await build().run({ transport }); // with runWorker(build, { transport, worker: 'cpu' }) in other processes
 * ```
 */
export function redis(options: RedisOptions): RedisTransport {
  return new RedisTransport(options);
}

/** The transport made by {@link redis}. */
export class RedisTransport extends Transport {
  /** @internal */
  readonly connector: Connector;
  /** @internal */
  readonly settings: Settings;
  private readonly takeoverWithin: number;
  /** The window of an edge whose `pipe` gives none (see RedisOptions.window). */
  readonly window: number;
  /** The peak length of each data stream during the last run (by stream name). */
  peaks: Record<string, number> = {};

  constructor(options: RedisOptions) {
    super();
    const o = checkOptions(
      options,
      ['url', 'client', 'prefix', 'claimAfter', 'takeoverWithin', 'codec', 'window'],
      'redis(options)',
    );
    if ((o.url === undefined) === (o.client === undefined)) {
      throw new MimoError(
        'redis(options): give either url (a redis:// URL) or client (an ioredis client), not both or neither.',
      );
    }
    if (o.url !== undefined && typeof o.url !== 'string') throw new MimoError('redis(options): url must be a string.');
    const claimAfter = o.claimAfter ?? 10_000;
    if (!(Number.isInteger(claimAfter) && claimAfter > 0)) {
      throw new MimoError(
        `redis(options): claimAfter must be a positive whole number of ms; got ${String(claimAfter)}.`,
      );
    }
    const window = o.window ?? REDIS_WINDOW;
    if (!(Number.isInteger(window) && window > 0)) {
      throw new MimoError(`redis(options): window must be a positive whole number of packs; got ${String(window)}.`);
    }
    this.window = window;
    this.takeoverWithin = o.takeoverWithin ?? 3 * claimAfter;
    this.connector = new Connector(o.url, o.client);
    this.settings = { keys: new Keys(o.prefix ?? 'rx-mimo'), codec: o.codec ?? jsonCodec, claimAfter };
  }

  /** @internal Opens the three connections of a participant. */
  async connections(onError: (err: Error) => void): Promise<Connections> {
    const [cmd, control, data] = await Promise.all([1, 2, 3].map(() => this.connector.open(onError)));
    return { cmd, control, data };
  }

  async open(plan: RunPlan): Promise<Hub> {
    const keys = this.settings.keys;
    const runId = randomId();
    const roles = plan.workers.flatMap((w) => roleNames(w.name, w.replicas));
    const links = new Map<string, HubLink>();
    const seen: { error: Error | null } = { error: null };
    const conns = await this.connections((err) => (seen.error = err));
    const cmd = conns.cmd;
    const lostConnection = (err: unknown) => {
      const last = seen.error;
      const why = last !== null && last !== err ? `${messageOf(err)} (${last.message})` : messageOf(err);
      const link = links.values().next().value;
      link?.fail(
        `rx-mimo/redis: lost the connection to Redis at ${this.connector.where}: ${why}. The run stops; its workers stop when they see it.`,
        err,
      );
    };
    const session = new Session(
      this.settings,
      plan,
      { worker: '', replica: 0 },
      runId,
      `coordinator:${runId}`,
      true,
      conns,
      {
        control: (m, from) => links.get(from)?.heard(m),
        fenced: () =>
          links
            .values()
            .next()
            .value?.fail(
              `rx-mimo/redis: the run's keys are not this run's any more: another run started with the prefix of this one (one run at a time per prefix), or Redis lost its data (restarted without appendonly).`,
              null,
            ),
        broken: lostConnection,
      },
    );
    try {
      await cmd.call('DEL', ...keys.ofRun(plan), keys.control('coordinator'), ...roles.map((r) => keys.control(r)));
      await Promise.all(
        plan.edges.length === 0
          ? []
          : [...new Set(plan.edges.flatMap((e) => streamsOf(keys, e)))].map((s) =>
              cmd.call('XGROUP', 'CREATE', s, GROUP, '0', 'MKSTREAM'),
            ),
      );
      await cmd.call('SET', keys.run, runId);
      await session.claim(0);
    } catch (err) {
      await session.close();
      throw new MimoError(
        `rx-mimo/redis: could not open the run on Redis at ${this.connector.where}: ${messageOf(err)}`,
        {
          cause: err,
        },
      );
    }
    for (const role of roles) links.set(role, new HubLink(session, role));
    // Until every part has said ready, a lost connection fails the run: a worker may have taken its job and
    // lost the answer, and the run would wait for it forever. After, the run rides out a restart (see Session).
    const opening = () => {
      if (![...links.values()].every((l) => l.claimed)) lostConnection(new Error(OPENING));
    };
    for (const conn of [conns.cmd, conns.control, conns.data]) conn.on('close', opening);
    session.start(0);
    for (const w of plan.workers) {
      for (let replica = 0; replica < w.replicas; replica++) {
        const job: Job = { run: runId, worker: w.name, replica, plan, takeover: false };
        cmd.call('RPUSH', keys.jobs(w.name), JSON.stringify(job)).catch(lostConnection);
      }
    }
    const watch = this.watch(plan, runId, links, cmd, lostConnection);
    return {
      fragments: links,
      channel: (key) => session.channel(key),
      close: async () => {
        clearInterval(watch);
        for (const role of roles) session.sendControl(role, () => ({ t: CLOSED }));
        session.stop();
        try {
          // A connection that is down (the run failed for it) would wait for the client's attempts again.
          if (cmd.status !== undefined && cmd.status !== 'ready') throw new Error('not connected');
          const peaks = (await cmd.call('HGETALL', keys.peak)) as string[];
          this.peaks = {};
          for (let i = 0; i + 1 < peaks.length; i += 2) this.peaks[peaks[i]] = Number(peaks[i + 1]);
          await cmd.call('DEL', ...keys.ofRun(plan));
        } catch {
          // The connection is gone: there is nothing left to clean.
        }
        await session.close();
      },
    };
  }

  /** Every claimAfter / 2: posts again the job of a part whose lease ran out; fails the run if nobody takes it in time. */
  private watch(
    plan: RunPlan,
    runId: string,
    links: Map<string, HubLink>,
    cmd: RedisClient,
    lostConnection: (err: unknown) => void,
  ): ReturnType<typeof setInterval> {
    const { keys, claimAfter } = this.settings;
    let busy = false;
    return setInterval(
      () => {
        if (busy) return;
        const watched = [...links.values()].filter((l) => l.claimed && !l.done);
        if (watched.length === 0) return;
        busy = true;
        cmd
          .call('MGET', ...watched.map((l) => keys.owner(l.role)))
          .then((owners) => {
            (owners as (string | null)[]).forEach((owner, i) => {
              const link = watched[i];
              if (owner !== null) {
                link.requeuedAt = null;
                return;
              }
              const [worker, replica] = link.role.split('#');
              if (link.requeuedAt === null) {
                link.requeuedAt = Date.now();
                const job: Job = { run: runId, worker, replica: Number(replica), plan, takeover: true };
                cmd.call('RPUSH', keys.jobs(worker), JSON.stringify(job)).catch(lostConnection);
              } else if (Date.now() - link.requeuedAt > this.takeoverWithin) {
                link.lose(
                  `it was silent for more than ${claimAfter} ms (claimAfter), and no process of worker "${worker}" took its part over within ${this.takeoverWithin} ms (takeoverWithin)`,
                );
              }
            });
          }, lostConnection)
          .finally(() => (busy = false));
      },
      Math.max(1, Math.floor(claimAfter / 2)),
    );
  }
}

function streamsOf(keys: Keys, e: RunPlan['edges'][number]): string[] {
  const out: string[] = [];
  for (let from = 0; from < e.from.replicas; from++)
    for (let to = 0; to < e.to.replicas; to++) out.push(keys.stream(e, { edge: e.id, from, to }));
  return out;
}

/**
 * `runWorker(build, { transport, worker })`: a process of a worker. It waits
 * for the jobs of runs (one per replica of its worker, or the job of a part
 * that went silent), builds the workflow with `build` as the coordinator did,
 * and runs the steps placed on its worker until the coordinator closes the run.
 */
import type { Workflow } from '../workflow/workflow';
import type { AbortSignalLike } from '../types';
import type { ControlMessage } from '../transport/types';
import { serveFragment } from '../transport/fragment';
import { participantText } from '../transport/plan';
import { MimoError } from '../errors';
import { checkOptions } from '../options';
import { messageOf } from '../describe';
import { RedisTransport, randomId, type Job } from './transport';
import { Session, type Parts } from './session';
import { hangUp } from './client';
import { PartLink } from './links';

/** Options of {@link runWorker}. */
export interface RunWorkerOptions {
  /** The transport the coordinator runs with (the same URL or server, and prefix). */
  transport: RedisTransport;
  /** The worker this process runs: the `worker` of `addStream(…, { worker })`. */
  worker: string;
  /** Arguments for `build` (the coordinator's workflow must be built with the same). */
  args?: readonly unknown[];
  /** How many parts of runs to serve before the promise resolves (default: no limit). */
  runs?: number;
  /** Stops serving: the part in progress stops, and the promise resolves. */
  signal?: AbortSignalLike;
}

/** A name for this process in owner keys: host-less, its pid when there is one, and a random part. */
function processToken(): string {
  const pid = (globalThis as { process?: { pid?: number } }).process?.pid;
  return `${pid ?? 0}:${randomId()}`;
}

/**
 * Runs, in this process, the steps placed on `worker` of the runs a
 * coordinator starts on the same Redis and prefix. Any number of processes
 * may serve the same worker: each takes one replica's part of a run, and the
 * others wait to take over a part whose process goes silent.
 *
 * @example
 * ```ts
 * await runWorker(build, { transport: redis({ url }), worker: 'cpu', runs: 1 });
 * ```
 */
export async function runWorker(build: (...args: any[]) => unknown, options: RunWorkerOptions): Promise<void> {
  const o = checkOptions(options, ['transport', 'worker', 'args', 'runs', 'signal'], 'runWorker(build, options)');
  if (typeof build !== 'function')
    throw new MimoError('runWorker(build, options): build must be the function that builds the workflow.');
  if (!(o.transport instanceof RedisTransport)) {
    throw new MimoError('runWorker(build, options): transport must be made by redis({ url | client, prefix }).');
  }
  if (typeof o.worker !== 'string' || o.worker === '') {
    throw new MimoError('runWorker(build, options): worker must be the name given in addStream(…, { worker }).');
  }
  const transport = o.transport;
  const runs = o.runs ?? Infinity;
  const signal = o.signal;
  if (signal?.aborted) return;
  const seen: { error: Error | null } = { error: null };
  const jobs = await transport.connector.open((err) => (seen.error = err));
  let stopCurrent: (() => void) | null = null;
  const onAbort = () => {
    jobs.disconnect();
    stopCurrent?.();
  };
  signal?.addEventListener('abort', onAbort, { once: true });
  let served = 0;
  try {
    while (served < runs && !signal?.aborted) {
      let got: [string, string] | null;
      try {
        got = (await jobs.call('BLPOP', transport.settings.keys.jobs(o.worker), 0)) as [string, string] | null;
      } catch (err) {
        if (signal?.aborted) break;
        const why = seen.error !== null ? `${messageOf(err)} (${seen.error.message})` : messageOf(err);
        throw new MimoError(
          `runWorker: lost the connection to Redis at ${transport.connector.where} while waiting for work for worker "${o.worker}": ${why}`,
          { cause: err },
        );
      }
      if (got === null) continue;
      const job = JSON.parse(got[1]) as Job;
      const outcome = serve(build, o.args ?? [], transport, job, (stop) => (stopCurrent = stop));
      if (await outcome) served++;
      stopCurrent = null;
    }
  } finally {
    signal?.removeEventListener('abort', onAbort);
    await hangUp(jobs);
  }
}

/** Serves one part of a run; resolves true when this process ran it (false: not its to run). */
async function serve(
  build: (...args: any[]) => unknown,
  args: readonly unknown[],
  transport: RedisTransport,
  job: Job,
  setStop: (stop: () => void) => void,
): Promise<boolean> {
  const self = { worker: job.worker, replica: job.replica };
  const lease = transport.settings.claimAfter;
  const conns = await transport.connections(() => {});
  let link: PartLink | null = null;
  let workflow: Workflow | null = null;
  let ended = false;
  let finish!: (ran: boolean) => void;
  const done = new Promise<boolean>((resolve) => (finish = resolve));
  const end = (ran: boolean) => {
    if (ended) return;
    ended = true;
    // Closed first: the aborted fragment has nothing more to say for the part (it may not be this process's).
    const closing = session.close();
    workflow?.engine?.abort();
    void closing.then(() => finish(ran));
  };
  const session = new Session(transport.settings, job.plan, self, job.run, processToken(), false, conns, {
    control: (m) => link?.heard(m),
    fenced: () => end(true),
    broken: () => end(true),
  });
  setStop(() => end(true));
  // A lost connection while taking the part: the claim may have gone in or not. This process leaves the part
  // (a lease it took runs out, and the part is posted again) rather than go on from what it half read.
  let claiming = true;
  for (const conn of [conns.cmd, conns.control, conns.data]) conn.on('close', () => claiming && end(false));
  let mine: boolean;
  try {
    mine = await session.claim(lease);
  } catch {
    mine = false;
  }
  claiming = false;
  if (!mine || ended) {
    end(false);
    return done;
  }
  if (job.takeover) session.takenOver = true;
  link = new PartLink(session, () => end(true));
  let built: unknown;
  try {
    built = build(...args);
  } catch (err) {
    const who = participantText(self.worker, self.replica);
    const message = `the factory threw in ${who}: ${messageOf(err)}`;
    const failed: ControlMessage = { t: 'failed', stream: null, message, error: err };
    link.send(failed);
    session.start(lease);
    return done;
  }
  const wf = built as Workflow;
  if (wf !== null && typeof wf === 'object' && 'engine' in wf) {
    workflow = wf;
    session.parts = () => partsOf(wf);
  }
  serveFragment(built, {
    plan: job.plan,
    self,
    coordinator: link,
    channel: (key) => session.channel(key),
    window: transport.window,
  });
  session.start(lease);
  return done;
}

/**
 * The fragment's streams grouped into connected parts (by their connections),
 * each empty or not; null while a stream can still run. Items of an input
 * can only be in the part its receiving pump is in: a part that is empty has
 * put out all that came of what it took in, and its inputs can be acknowledged.
 */
function partsOf(workflow: Workflow): Parts | null {
  const engine = workflow.engine;
  if (engine === null || !engine.isQuiet()) return null;
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let p = parent.get(x) ?? x;
    while (p !== (parent.get(p) ?? p)) p = parent.get(p)!;
    parent.set(x, p);
    return p;
  };
  const full = new Set<string>();
  const streams = engine.stuck();
  for (const s of streams) {
    for (const c of [...s.inputs, ...s.outputs]) {
      const a = find(stepOf(c.from));
      const b = find(stepOf(c.to));
      if (a !== b) parent.set(a, b);
    }
  }
  for (const s of streams) for (const c of s.inputs) if (c.size > 0) full.add(find(s.stream));
  return { empty: (stream) => !full.has(find(stream)), busy: (stream) => void full.add(find(stream)) };
}

/** The step of a port's name (`step.port`; a step's name may hold dots, a port's does not). */
function stepOf(port: string): string {
  return port.slice(0, port.lastIndexOf('.'));
}

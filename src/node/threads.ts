/**
 * threads(): a transport that runs each replica of each worker of a run in
 * its own worker thread. Every thread imports the module that builds the
 * workflow, calls the same factory, and serves its part of the run; a
 * `MessageChannel` carries each channel (packs one way, credits back), so
 * back-pressure holds across threads as it does within one.
 */
import { Worker, MessageChannel, type MessagePort, type ResourceLimits } from 'node:worker_threads';
import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Transport } from '../transport/transport';
import type { ChannelEnd, ControlLink, Hub, RunPlan } from '../transport/types';
import { channelsOf, keyText, participantText } from '../transport/plan';
import { portChannel, portControl, type PortMessage } from '../transport/ports';
import { checkKnownKeys } from '../options';
import { describe, messageOf } from '../describe';
import { WiringError } from '../errors';

/** Options of {@link threads}. */
export interface ThreadsOptions {
  /**
   * The module that builds the workflow, as a file URL (`new URL('./pipeline.js', import.meta.url)`) or a
   * path (relative to the working directory). Each thread imports it: it must be JavaScript Node can load.
   */
  module: URL | string;
  /** The module's export that builds the workflow (default `build`, else its default export). */
  export?: string;
  /** Arguments for the factory in each thread (structured-cloned: plain data only). */
  args?: readonly unknown[];
  /** Limits of each worker thread's heap (Node's `resourceLimits`): a thread past them fails the run. */
  resourceLimits?: ResourceLimits;
  /**
   * When the run is over, how long a thread may take to stop its streams (their `finalize`) before it is
   * terminated (ms, default 5000). A thread busy in an endless synchronous loop is only stopped this way.
   */
  stopTimeout?: number;
}

/**
 * A transport that runs the streams placed on each worker in worker threads
 * (one per replica): `workflow.run({ transport: threads({ module }) })`. The
 * module's factory builds the same workflow in every thread.
 *
 * @example
 * ```ts
 * // pipeline.ts exports build(): the same workflow in the main thread and in each worker thread.
 * await build().run({ transport: threads({ module: new URL('./pipeline.js', import.meta.url) }) });
 * ```
 */
export function threads(options: ThreadsOptions): ThreadsTransport {
  return new ThreadsTransport(options);
}

/** The code each worker thread starts with: import the module, build the workflow, serve its fragment. */
const ENTRY = `
const { workerData, parentPort } = require('node:worker_threads');
const { load, data } = workerData;
const fail = (message) => parentPort.postMessage({ t: 'failed', stream: null, message, error: new Error(message) });
const gone = (m) => { if (m && m.t === 'bye') parentPort.postMessage({ t: 'gone' }); };
// A CommonJS file is required (so that require hooks of the process, such as a TypeScript loader, apply);
// an ES module is imported.
const importModule = async (url) => {
  if (url.startsWith('file:') && !url.endsWith('.mjs')) {
    try {
      return require(require('node:url').fileURLToPath(url));
    } catch (err) {
      if (!err || err.code !== 'ERR_REQUIRE_ESM') throw err;
    }
  }
  return import(url);
};
(async () => {
  let mod;
  try {
    mod = await importModule(load.module);
  } catch (err) {
    parentPort.on('message', gone);
    return fail(load.who + ' could not import ' + load.module + ': ' + (err && err.message));
  }
  const names = load.export !== undefined ? [load.export] : ['build', 'default'];
  let factory;
  for (const name of names) {
    if (typeof mod[name] === 'function') { factory = mod[name]; break; }
    if (mod.default && typeof mod.default[name] === 'function') { factory = mod.default[name]; break; }
  }
  if (factory === undefined && load.export === undefined && typeof mod.default === 'function') factory = mod.default;
  if (factory === undefined) {
    parentPort.on('message', gone);
    return fail(load.module + ' has no function ' + names.map((n) => '"' + n + '"').join(' or ') +
      ' to build the workflow (it exports: ' + (Object.keys(mod).join(', ') || 'nothing') +
      '); name the factory with threads({ module, export }).');
  }
  let workflow;
  try {
    workflow = await factory(...load.args);
  } catch (err) {
    parentPort.on('message', gone);
    return fail(load.who + ' could not build the workflow: the factory threw ' + (err && err.message !== undefined ? err.message : String(err)));
  }
  if (workflow === null || typeof workflow !== 'object' || typeof workflow.serveThread !== 'function') {
    parentPort.on('message', gone);
    return fail('the factory of ' + load.module + ' returned ' + (workflow === null ? 'null' : typeof workflow) +
      ' in ' + load.who + '; it must return a Workflow of rx-mimo.');
  }
  workflow.serveThread(data, parentPort);
})();
`;

/**
 * The transport made by {@link threads}.
 *
 * @example
 * ```ts
 * const transport = threads({ module: new URL('./pipeline.js', import.meta.url), args: ['orders.csv'] });
 * await build('orders.csv').run({ transport });
 * ```
 */
export class ThreadsTransport extends Transport {
  private readonly module: string;
  private readonly export: string | undefined;
  private readonly args: readonly unknown[];
  private readonly resourceLimits: ResourceLimits | undefined;
  private readonly stopTimeout: number;

  constructor(options: ThreadsOptions) {
    super();
    if (options === null || typeof options !== 'object')
      throw new WiringError(`threads(options): expected { module, export?, args? }; got ${describe(options)}.`);
    checkKnownKeys(options, ['module', 'export', 'args', 'resourceLimits', 'stopTimeout'], 'threads(options)');
    this.module = moduleUrl(options.module);
    if (options.export !== undefined && typeof options.export !== 'string')
      throw new WiringError(`threads({ export }): the name of the module's factory; got ${describe(options.export)}.`);
    this.export = options.export;
    if (options.args !== undefined && !Array.isArray(options.args))
      throw new WiringError(`threads({ args }): an array of the factory's arguments; got ${describe(options.args)}.`);
    this.args = options.args ?? [];
    this.resourceLimits = options.resourceLimits;
    const stop = options.stopTimeout ?? 5000;
    if (typeof stop !== 'number' || !(stop >= 0))
      throw new WiringError(`threads({ stopTimeout }): milliseconds, at least 0; got ${describe(stop)}.`);
    this.stopTimeout = stop;
  }

  async open(plan: RunPlan): Promise<Hub> {
    // Each channel is a MessageChannel; an end held by a worker thread is handed to it at its start.
    const own = new Map<string, MessagePort>();
    const handed = new Map<string, Record<string, MessagePort>>();
    const edges = new Map(plan.edges.map((e) => [e.id, e]));
    const give = (worker: string, replica: number, key: string, port: MessagePort) => {
      if (worker === '') return own.set(key, port);
      const id = participantText(worker, replica);
      const ports = handed.get(id) ?? {};
      ports[key] = port;
      handed.set(id, ports);
    };
    for (const key of channelsOf(plan)) {
      const edge = edges.get(key.edge)!;
      const { port1, port2 } = new MessageChannel();
      give(edge.from.worker, key.from, keyText(key), port1);
      give(edge.to.worker, key.to, keyText(key), port2);
    }
    const threads: Thread[] = [];
    try {
      for (const w of plan.workers) {
        for (let replica = 0; replica < w.replicas; replica++) {
          const who = participantText(w.name, replica);
          const channels = handed.get(who) ?? {};
          threads.push(
            new Thread(
              who,
              {
                load: { module: this.module, export: this.export, args: this.args, who },
                data: { plan, self: { worker: w.name, replica }, channels },
              },
              Object.values(channels),
              this.resourceLimits,
            ),
          );
        }
      }
    } catch (err) {
      await Promise.all(threads.map((t) => t.stop(0)));
      for (const port of own.values()) port.close();
      throw new WiringError(`threads(): a worker thread could not start: ${messageOf(err)}`, { cause: err });
    }
    const ends: ChannelEnd[] = [];
    return {
      fragments: new Map(threads.map((t) => [t.id, t.link])),
      channel: (key) => {
        const end = portChannel(own.get(keyText(key))!);
        ends.push(end);
        return end;
      },
      close: async () => {
        for (const end of ends) end.close();
        for (const port of own.values()) port.close();
        await Promise.all(threads.map((t) => t.stop(this.stopTimeout)));
      },
    };
  }
}

/** A worker thread of a run, and its control link. */
class Thread {
  readonly link: ControlLink;
  private readonly worker: Worker;
  private onLost: ((reason: string) => void) | null = null;
  private stopping = false;
  private readonly exited: Promise<void>;

  constructor(
    readonly id: string,
    workerData: unknown,
    transfer: MessagePort[],
    resourceLimits: ResourceLimits | undefined,
  ) {
    this.worker = new Worker(ENTRY, { eval: true, workerData, transferList: transfer, resourceLimits });
    const lost = (reason: string) => {
      if (!this.stopping) this.onLost?.(reason);
    };
    this.exited = new Promise((done) => this.worker.once('exit', () => done()));
    this.worker.on('error', (err) => lost(`its thread failed: ${messageOf(err)}`));
    this.worker.on('exit', (code) => lost(`its thread exited with code ${code}`));
    this.worker.on('messageerror', (err) => lost(`a message from it could not be read: ${messageOf(err)}`));
    this.link = portControl(this.worker, (handler) => (this.onLost = handler));
  }

  /** Asks the thread to stop what still runs (finalizing its streams), then ends it: at `timeout` ms at the latest. */
  async stop(timeout: number): Promise<void> {
    if (!this.stopping) {
      this.stopping = true;
      this.link.close();
      let timer: ReturnType<typeof setTimeout> | undefined;
      await new Promise<void>((done) => {
        timer = setTimeout(done, timeout);
        this.worker.on('message', (m: PortMessage) => {
          if (m.t === 'gone') done();
        });
        void this.exited.then(done);
        try {
          this.worker.postMessage({ t: 'bye' });
        } catch {
          done();
        }
      });
      clearTimeout(timer);
      await this.worker.terminate();
    }
    await this.exited;
  }
}

function moduleUrl(module: unknown): string {
  if (module instanceof URL) return module.href;
  if (typeof module === 'string' && module.length > 0) {
    if (/^(file|data):/.test(module)) return module;
    return pathToFileURL(isAbsolute(module) ? module : resolve(module)).href;
  }
  throw new WiringError(
    `threads({ module }): the module that builds the workflow, as a URL or a path; got ${describe(module)}. ` +
      "In an ES module: threads({ module: new URL('./pipeline.js', import.meta.url) }).",
  );
}

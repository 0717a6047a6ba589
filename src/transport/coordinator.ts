/**
 * The coordinator of a run over a transport: it opens the run (the transport
 * starts, or waits for, one fragment per worker replica), runs the steps
 * placed nowhere as its own fragment, and settles the run once: complete when
 * every fragment is done; failed at the first failure anywhere (every other
 * fragment is told to stop); aborted by the signal; and stuck — reported as
 * a deadlock — when every fragment is quiet and no message is on its way.
 *
 * Stuck is decided in two waves (as in Mattern's four-counter method): once
 * every fragment has said it is quiet, each is asked for its state and for
 * how many channel messages it has sent and received; if all are quiet, the
 * sums agree (nothing on its way), and a second wave finds the same counts,
 * nothing can ever move again.
 */
import type { Workflow } from '../workflow/workflow';
import type { AbortSignalLike } from '../types';
import type { ControlLink, ControlMessage, Hub, RunPlan } from './types';
import { AbortError, DeadlockError, MimoError, StreamError, type DeadlockDiagnosis, type StuckStream } from '../errors';
import { messageOf } from '../describe';
import { buildFragment, totals, type Fragment } from './fragment';
import { makePlan } from './plan';

/** What a transport does: open the fragments of a run, and its channels (see types.ts). */
export interface Opener {
  open(plan: RunPlan): Promise<Hub>;
  /** The window of an edge whose `pipe` gives none, when not DEFAULT_WINDOW. */
  readonly window?: number;
}

/** Runs `workflow` over `transport`: the body of `workflow.run({ transport })`. */
export async function coordinate(workflow: Workflow, transport: Opener, signal?: AbortSignalLike): Promise<void> {
  const plan = makePlan(workflow, transport.window);
  // Nothing placed: nothing to spread.
  if (plan.workers.length === 0) return workflow.run({ signal });
  if (signal?.aborted) throw abortError(signal.reason);
  const hub = await transport.open(plan);
  return new Coordinator(workflow, plan, hub, signal).done;
}

type Probe = { quiet: boolean; sent: number; received: number };

class Coordinator {
  readonly done: Promise<void>;
  private resolve!: () => void;
  private reject!: (err: unknown) => void;
  private settled = false;
  private readonly fragment: Fragment;
  private readonly links: ReadonlyMap<string, ControlLink>;
  private readonly ready = new Set<string>();
  private readonly finished = new Set<string>();
  private readonly quiet = new Set<string>();
  private ownDone = false;
  private started = false;
  /** The wave in progress, and what it has heard so far. */
  private wave = 0;
  private probing: Map<string, Probe> | null = null;
  private lastWave: Map<string, Probe> | null = null;
  private recheck = false;
  private stuckReplies: Map<string, readonly StuckStream[]> | null = null;
  private readonly onAbort = () => this.fail(abortError(this.signal?.reason));

  constructor(
    private readonly workflow: Workflow,
    plan: RunPlan,
    private readonly hub: Hub,
    private readonly signal: AbortSignalLike | undefined,
  ) {
    this.done = new Promise<void>((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
    this.links = hub.fragments;
    this.fragment = buildFragment(
      workflow,
      plan,
      { worker: '', replica: 0 },
      (key) => hub.channel(key),
      () => this.quiet.delete(''),
    );
    signal?.addEventListener('abort', this.onAbort, { once: true });
    for (const [id, link] of this.links) {
      link.receive((message) => this.heard(id, message));
      link.lost((reason) => this.fail(new MimoError(`worker ${id} ended before its streams finished: ${reason}.`)));
    }
    if (this.links.size === 0) this.start();
  }

  private heard(id: string, message: ControlMessage): void {
    if (this.settled) return;
    switch (message.t) {
      case 'ready':
        this.ready.add(id);
        if (this.ready.size === this.links.size) this.start();
        break;
      case 'done':
        this.finished.add(id);
        this.quiet.add(id);
        this.maybeComplete();
        this.considerWave();
        break;
      case 'failed':
        this.fail(
          message.stream === null
            ? new MimoError(message.message, { cause: message.error })
            : new StreamError(`stream "${message.stream}" failed in worker ${id}: ${message.message}`, message.stream, {
                cause: message.error,
              }),
        );
        break;
      case 'quiet':
        this.quiet.add(id);
        this.considerWave();
        break;
      case 'probed':
        if (this.probing !== null && message.wave === this.wave) {
          this.probing.set(id, message);
          this.waveHeard();
        }
        break;
      case 'stuck':
        if (this.stuckReplies !== null) {
          this.stuckReplies.set(id, message.streams);
          this.stuckHeard();
        }
        break;
      default:
        break;
    }
  }

  private start(): void {
    if (this.started || this.settled) return;
    this.started = true;
    for (const link of this.links.values()) link.send({ t: 'start' });
    this.workflow.start(
      {
        complete: () => {
          this.ownDone = true;
          this.quiet.add('');
          this.maybeComplete();
          this.considerWave();
        },
        error: (err) => this.fail(err),
        stopped: () => {},
        quiet: () => {
          this.quiet.add('');
          this.considerWave();
        },
      },
      this.fragment.steps,
    );
  }

  private maybeComplete(): void {
    if (this.settled || !this.ownDone || this.finished.size !== this.links.size) return;
    this.settle(() => this.resolve());
  }

  /** Everyone may be quiet: ask them, twice, unless a wave is already out (then ask again after it). */
  private considerWave(): void {
    if (this.settled || !this.started) return;
    if (this.probing !== null || this.stuckReplies !== null) {
      this.recheck = true;
      return;
    }
    if (this.quiet.size < this.links.size + 1) return;
    this.probe();
  }

  private probe(): void {
    this.wave++;
    this.probing = new Map();
    for (const link of this.links.values()) link.send({ t: 'probe', wave: this.wave });
    this.waveHeard();
  }

  private waveHeard(): void {
    const heard = this.probing!;
    if (heard.size < this.links.size) return;
    const own: Probe = { quiet: this.ownDone || (this.workflow.engine?.isQuiet() ?? true), ...totals(this.fragment) };
    heard.set('', own);
    this.probing = null;
    let quiet = true;
    let sent = 0;
    let received = 0;
    for (const p of heard.values()) {
      quiet &&= p.quiet;
      sent += p.sent;
      received += p.received;
    }
    const last = this.lastWave;
    this.lastWave = quiet && sent === received ? heard : null;
    if (this.lastWave === null) {
      // Someone moved, or something is on its way: wait for the next word of quiet.
      for (const [id, p] of heard) if (!p.quiet) this.quiet.delete(id);
      this.afterWave();
      return;
    }
    if (last === null || ![...heard].every(([id, p]) => same(p, last.get(id)))) {
      this.probe();
      return;
    }
    this.collectStuck();
  }

  private afterWave(): void {
    if (this.recheck) {
      this.recheck = false;
      this.considerWave();
    }
  }

  private collectStuck(): void {
    this.stuckReplies = new Map();
    for (const link of this.links.values()) link.send({ t: 'stuck?' });
    this.stuckHeard();
  }

  private stuckHeard(): void {
    const heard = this.stuckReplies!;
    if (heard.size < this.links.size) return;
    this.stuckReplies = null;
    const sides: [string, readonly StuckStream[]][] = [['coordinator', this.workflow.engine?.stuck() ?? []], ...heard];
    this.fail(distributedDeadlock(sides));
  }

  private fail(error: unknown): void {
    if (this.settled) return;
    for (const link of this.links.values()) link.send({ t: 'abort' });
    this.workflow.engine?.abort();
    this.settle(() => this.reject(error));
  }

  private settle(then: () => void): void {
    this.settled = true;
    this.signal?.removeEventListener('abort', this.onAbort);
    for (const end of this.fragment.ends) end.close();
    void this.hub.close().then(then, then);
  }
}

function same(a: Probe, b: Probe | undefined): boolean {
  return b !== undefined && a.quiet === b.quiet && a.sent === b.sent && a.received === b.received;
}

function abortError(reason: unknown): AbortError {
  return reason === undefined
    ? new AbortError('run(): aborted')
    : new AbortError(`run(): aborted: ${messageOf(reason)}`, { cause: reason });
}

/** The deadlock of a run over a transport: each side's stuck streams, named with where they run. */
function distributedDeadlock(sides: readonly [string, readonly StuckStream[]][]): DeadlockError {
  const stuck: StuckStream[] = [];
  const lines: string[] = [];
  for (const [where, streams] of sides) {
    for (const s of streams) {
      stuck.push({ ...s, stream: `${s.stream}@${where}` });
      const conn = (c: StuckStream['inputs'][number]) => `${c.from} -> ${c.to} ${c.size}/${c.capacity} ${c.state}`;
      lines.push(
        `  ${s.stream} in ${where} (${s.state}): inputs [${s.inputs.map(conn).join(', ') || 'none'}]; outputs [${s.outputs.map(conn).join(', ') || 'none'}]`,
      );
    }
  }
  const text = `stuck, by where they run:\n${lines.join('\n')}`;
  const diagnosis: DeadlockDiagnosis = {
    chain: [],
    cycle: false,
    end: null,
    text,
    toDot: () =>
      [
        'digraph deadlock {',
        ...sides.map(([where, streams], k) =>
          [
            `  subgraph cluster_${k} { label=${JSON.stringify(where)};`,
            ...streams.map(
              (s) =>
                `    ${JSON.stringify(`${s.stream}@${where}`)} [label=${JSON.stringify(`${s.stream}\n${s.state}`)}];`,
            ),
            '  }',
          ].join('\n'),
        ),
        '}',
      ].join('\n'),
  };
  return new DeadlockError(
    'deadlock: no stream in any worker can make progress, and no message is on its way between them.\n' +
      `${text}\n` +
      'A stream waits for input that never comes, or for room that nobody makes. Give a cycle more capacity, ' +
      'make every stream consume its inputs, or return true from run() only when an output is full.',
    stuck,
    diagnosis,
  );
}

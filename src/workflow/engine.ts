/**
 * The run loop. A push puts an item into a connection and marks its consumer
 * ready; popping a full connection marks its producers ready. Ready steps wait
 * in a queue, taken in passes, downstream first; the loop runs each that is
 * idle and has room for its results, until nothing is ready. Then the
 * workflow has completed, is waiting for something asynchronous, or is stuck
 * (reported as a deadlock). The loop runs only from its own continuations,
 * `start()` and outside producers (`flush()`), never under a stream's call,
 * and it yields after a fixed number of runs, so what a workflow computes
 * never depends on the clock or the load of the machine.
 */
import { holdsInput, type Step } from './step';
import type { Ending } from '../types';
import type { Workflow } from './workflow';
import { moveStep } from './lifecycle';
import { StreamError, noteFailure, type StuckStream } from '../errors';
import { messageOf } from '../describe';
import { adopt, isNative, thenOf } from '../thenable';
import { continueLater, type Cancel, type ContinuationKind } from './continuation';
import { deadlockError, stuckStreams } from './diagnosis';
import { downstreamFirst } from './order';
import { ReadyQueue } from './ready-queue';
import {
  allInputsClosed,
  allInputsDone,
  allOutputsCancelled,
  allOutputsClosed,
  badResult,
  canRun,
  couldRunOnInput,
  moved,
} from './readiness';

/** Who hears how a run ends: exactly one of the three, once. */
export interface RunObserver {
  complete(): void;
  error(err: unknown): void;
  /** Aborted without a reason (e.g. `run$()` unsubscribed). */
  stopped(): void;
  /**
   * A fragment of a run over a transport (it has remote steps) found nothing
   * of its own able to move: only a message from elsewhere can change that.
   * The coordinator, which sees every fragment, decides whether the run is stuck.
   */
  quiet?(): void;
}

type Status = 'running' | 'completed' | 'failed' | 'aborted';

/**
 * Runs in a row that asked to run again and moved nothing, while nothing else
 * moved either, before the run is reported as a busy loop.
 */
export const BUSY_RUNS = 10_000;

interface Continuation {
  readonly kind: ContinuationKind;
  cancel: Cancel;
}

export class Engine {
  status: Status = 'running';
  /** Why the run ended: the failure, or the abort reason (`undefined` for a silent abort or a completion). */
  reason: unknown = undefined;
  /** True while the loop is on the stack. */
  private looping = false;
  private continuation: Continuation | null = null;
  /** A microtask will run the loop (see `runSoon`). */
  private soon = false;
  /** Runs left before the loop yields. */
  private budget: number;
  private readonly queue: ReadyQueue<Step<any, any>>;
  /** Async runs in flight plus work held by streams (`StreamContext.hold`): each will change something. */
  private pending = 0;
  /** Steps fed by a live outside producer: they keep the run waiting only while what they emit could move something. */
  private readonly outside = new Set<Step<any, any>>();
  private unfinished: number;
  /** Steps, downstream first. */
  private readonly order: Step<any, any>[];
  private readonly finalized = new Set<Step<any, any>>();
  /** Work that must not run while the loop is on the stack (see `defer`). */
  private deferred: { readonly order: number; readonly fn: () => void }[] = [];
  /** Runs in a row that asked to run again and moved nothing (see BUSY_RUNS), and who made them. */
  private quiet = 0;
  private readonly spinning = new Set<Step<any, any>>();

  /** Steps standing in for the other ends of remote edges (see src/transport). */
  private readonly remotes: number;

  constructor(
    private readonly workflow: Workflow,
    private readonly observer: RunObserver,
    /** The steps to run: the workflow's, or a fragment of them (see src/transport). */
    steps: readonly Step<any, any>[] = workflow.steps,
  ) {
    this.order = downstreamFirst(steps);
    this.remotes = this.order.filter((s) => s.remote).length;
    this.queue = new ReadyQueue(this.order);
    this.unfinished = this.order.length;
    this.budget = workflow.runsPerSlice;
  }

  start(): void {
    const order = this.order;
    for (let rank = 0; rank < order.length; rank++) {
      const step = order[rank];
      step.rank = rank;
      for (const group of step.groups) for (const input of group) input.group = group;
      // An input nothing is piped into is closed from the start.
      for (const input of step.inputs) input.conn.closeIfUnconnected();
      step.engine = this;
    }
    for (const step of order) {
      if (step.inputs.length === 0) step.again = true;
      else if (step.stream.demand === 'on-request') {
        // It runs once at the start, to request what it wants first.
        for (const input of step.inputs) input.conn.requested = false;
        step.signalled = true;
      } else if (allInputsClosed(step)) step.signalled = true;
      if (step.again || step.signalled) this.queue.push(step);
    }
    if (this.unfinished === 0) {
      this.complete();
      return;
    }
    this.loop();
  }

  /** A step has something to do: it joins the queue, and the loop runs soon if it is not running now. */
  ready(step: Step<any, any>): void {
    if (this.status !== 'running') return;
    this.queue.push(step);
    if (!this.looping) this.schedule('soon');
  }

  /**
   * Runs the loop now, with a fresh budget, unless it is already on the stack:
   * for an outside producer that has just pushed (an Observable's item), so
   * that downstream sees it synchronously as RxJS operators would, and a full
   * connection drains before the next item. `false` when nothing could be done.
   */
  flush(): boolean {
    if (this.looping || this.status !== 'running') return false;
    this.budget = this.workflow.runsPerSlice;
    this.loop();
    return true;
  }

  /**
   * Runs `fn` once the loop is off the stack: now if it is, or when the
   * current loop ends. With an `order`, such work waiting together runs in
   * that order (Observable sources subscribe in the order they were wired).
   */
  defer(fn: () => void, order = Infinity): void {
    if (!this.looping) {
      fn();
      return;
    }
    const d = this.deferred;
    // Kept sorted by order, stable: few sources wait at once.
    let at = d.length;
    while (at > 0 && d[at - 1].order > order) at--;
    d.splice(at, 0, { order, fn });
  }

  /** Work of a stream is in flight: not a deadlock while it is. */
  hold(): void {
    this.pending++;
  }

  /** Held work ended. */
  release(): void {
    this.pending--;
    this.wakeUp();
  }

  /** An outside producer started feeding `step`. */
  outsideStarted(step: Step<any, any>): void {
    this.outside.add(step);
  }

  /** The outside producer of `step` ended. */
  outsideEnded(step: Step<any, any>): void {
    this.outside.delete(step);
    this.wakeUp();
  }

  /** Stops the run: streams are finalized, buffers freed, and the observer hears `reason` (or that it stopped). */
  abort(reason?: unknown): void {
    if (this.status !== 'running') return;
    this.status = 'aborted';
    this.reason = reason;
    this.teardown();
    if (reason !== undefined) this.observer.error(reason);
    else this.observer.stopped();
  }

  /** Fails the run with a stream's error (or, with no stream, with `cause` itself); the first failure wins. */
  fail(step: Step<any, any> | null, cause: unknown): void {
    if (this.status !== 'running') return;
    // Built before anything changes: whatever was thrown, the run settles with this error.
    const error =
      step === null
        ? cause
        : new StreamError(`stream "${step.name}" failed: ${messageOf(cause)}`, step.name, { cause });
    if (step !== null) {
      noteFailure(cause, step.name);
      if (step.state !== 'finished' && this.contain(step, cause)) return;
    }
    this.status = 'failed';
    this.reason = error;
    if (step !== null && step.state !== 'failed') moveStep(step, 'failed');
    this.teardown();
    this.observer.error(error);
  }

  /**
   * A failure that every path downstream carries to a stream that recovers
   * ends only those paths: the failing stream and the streams between it and
   * the recovering ones fail and are finalized, upstream is cancelled, and
   * each recovering stream's input closes with the failure. `false` when some
   * path reaches a stream that does not recover (a sink, say): the run fails.
   */
  private contain(failed: Step<any, any>, cause: unknown): boolean {
    const path = new Set<Step<any, any>>([failed]);
    let recovering = 0;
    const todo = [failed];
    for (let step = todo.pop(); step !== undefined; step = todo.pop()) {
      let live = 0;
      for (const o of step.outputs) {
        for (const c of o.conns) {
          if (c.state === 'cancelled') continue;
          live++;
          const consumer = c.consumer as Step<any, any>;
          if (consumer.stream.recovers && consumer.state !== 'finished' && consumer.state !== 'failed') {
            recovering++;
          } else if (!path.has(consumer)) {
            path.add(consumer);
            todo.push(consumer);
          }
        }
      }
      // Nothing downstream of this one recovers, or nothing is downstream at all.
      if (live === 0) return false;
    }
    if (recovering === 0) return false;
    // Only the failing stream ends now; its failure travels on behind the items it sent, and each
    // stream on the way that does not recover fails in turn once it has read them (see afterRun).
    this.end(failed, { reason: 'failed', error: cause });
    for (const o of failed.outputs) for (const c of o.conns) c.fail(o, cause);
    if (this.status === 'running') this.wakeUp();
    return true;
  }

  /** One stream of a contained failure ends: failed, its work and timers dropped, upstream cancelled, finalized. */
  private end(step: Step<any, any>, ending: Ending): void {
    if (step.state === 'finished' || step.state === 'failed') return;
    if (step.state === 'waiting') this.pending--;
    moveStep(step, 'failed');
    step.signalled = false;
    step.again = false;
    this.pending -= step.holds;
    step.holds = 0;
    step.dropTimers();
    this.outside.delete(step);
    for (const i of step.inputs) if (i.conn.state === 'open' || i.conn.size > 0) i.cancel();
    this.passOnRoom(step);
    if (this.finalize(step, ending) && --this.unfinished === 0) this.complete();
  }

  /** Something pending changed: the loop looks again soon, to run what became ready or to see that the run is stuck. */
  private wakeUp(): void {
    if (this.status === 'running' && !this.looping) this.schedule('soon');
  }

  private schedule(kind: ContinuationKind): void {
    if (this.soon) {
      if (kind === 'soon') return;
      // The budget is spent while a "soon" is pending: give the event loop its turn instead.
      this.soon = false;
    }
    const current = this.continuation;
    if (current !== null) {
      if (kind === 'soon' || current.kind === 'yield') return;
      current.cancel();
    }
    if (kind === 'soon' && this.workflow.scheduler === undefined) {
      // The common case, once per settled promise or wake: a microtask, and nothing allocated.
      this.soon = true;
      void resolved.then(this.runSoon);
      return;
    }
    const next: Continuation = { kind, cancel: () => {} };
    this.continuation = next;
    next.cancel = continueLater(this.workflow.scheduler, kind, () => {
      if (this.continuation !== next) return;
      this.continuation = null;
      if (kind === 'yield') this.budget = this.workflow.runsPerSlice;
      this.loop();
    });
  }

  /** A "soon" without a scheduler: a microtask that runs the loop unless it was called off. */
  private readonly runSoon = (): void => {
    if (!this.soon) return;
    this.soon = false;
    this.loop();
  };

  private loop(): void {
    if (this.status !== 'running' || this.looping) return;
    const queue = this.queue;
    for (;;) {
      this.looping = true;
      try {
        for (;;) {
          if (this.budget <= 0) {
            if (queue.size > 0) {
              this.schedule('yield');
              return;
            }
            break;
          }
          const step = queue.shift();
          if (step === undefined) break;
          if (step.state !== 'idle' || !(step.signalled || step.again)) continue;
          if (!canRun(step)) {
            this.park(step);
            continue;
          }
          this.budget--;
          this.runStep(step);
          if (this.status !== 'running') return;
        }
      } finally {
        this.looping = false;
        if (this.deferred.length > 0) this.runDeferred();
      }
      // Deferred work (a subscription) may have made steps ready, or run the loop itself.
      if (this.status !== 'running' || this.looping || queue.size === 0) break;
    }
    if (this.status === 'running' && queue.size === 0 && this.continuation === null && !this.soon) this.checkStuck();
  }

  private runDeferred(): void {
    const work = this.deferred;
    this.deferred = [];
    for (const w of work) if (this.status === 'running') w.fn();
  }

  /** Nothing is ready: unless something pending can still change that, the run is stuck. */
  private checkStuck(): void {
    if (this.unfinished === 0 || this.pending > 0) return;
    for (const step of this.outside) if (!step.remote && this.hopeful(step)) return;
    // A fragment: what arrives from elsewhere may still move it; the coordinator decides.
    if (this.remotes > 0) {
      this.observer.quiet?.();
      return;
    }
    this.fail(null, deadlockError(this.order, { kind: 'deadlock' }));
  }

  /** Nothing can move here now but a message from elsewhere (see RunObserver.quiet). */
  isQuiet(): boolean {
    if (this.status !== 'running') return true;
    if (this.looping || this.queue.size > 0 || this.soon || this.continuation !== null || this.pending > 0)
      return false;
    for (const step of this.outside) if (!step.remote && this.hopeful(step)) return false;
    return true;
  }

  /** Each unfinished stream and the fill of its connections, now. */
  stuck(): StuckStream[] {
    return stuckStreams(this.order);
  }

  /**
   * Whether an item (or the end) from this step's outside producer could let
   * some stream run: a consumer that is not blocked by full outputs of its own.
   */
  private hopeful(step: Step<any, any>): boolean {
    let live = 0;
    for (const o of step.outputs) {
      for (const c of o.conns) {
        if (c.state === 'cancelled') continue;
        live++;
        const consumer = c.consumer as Step<any, any>;
        if (consumer.state === 'waiting' || (consumer.state === 'idle' && couldRunOnInput(consumer))) return true;
      }
    }
    // Feeding nothing, its end may still finish the run.
    return live === 0;
  }

  private runStep(step: Step<any, any>): void {
    if (step.cancelledOutputs > 0 && allOutputsCancelled(step)) {
      this.finish(step, CANCELLED);
      return;
    }
    // A run only because the last one asked for it: watched for a busy loop.
    const asked = step.again && !step.signalled;
    const before = asked ? moved(step) : 0;
    step.signalled = false;
    step.again = false;
    const closedAtStart = allInputsClosed(step);
    moveStep(step, 'running');
    step.runs++;
    // Timing costs a clock read per run, so it happens only while someone watches metrics.
    const clock = this.workflow.clock;
    const started = clock === null ? 0 : clock();
    let result: unknown;
    try {
      result = step.stream.run(step.ins, step.outs);
    } catch (err) {
      this.fail(step, err);
      return;
    }
    if (result === true || result === false || result === undefined || result === null) {
      if (this.status !== 'running' || step.state !== 'running') return;
      if (clock !== null) step.busy += clock() - started;
      moveStep(step, 'idle');
      if (result === true && asked && moved(step) === before) this.quietRun(step);
      else this.moving();
      this.afterRun(step, result === true, closedAtStart);
      return;
    }
    const then = thenOf(result);
    if (this.status !== 'running' || step.state !== 'running') {
      // The run ended the workflow (an abort, or a failure it caused) or this stream (a failure of
      // its own, contained): it has been torn down, and what it returned can change nothing, nor go unhandled.
      if (then !== null) adopt(result, then, ignore, ignore);
      return;
    }
    if (then === null) {
      this.fail(step, badResult(result));
      return;
    }
    moveStep(step, 'waiting');
    this.pending++;
    const native = isNative(then);
    adopt(
      result,
      then,
      (outcome) => {
        if (clock !== null) step.busy += clock() - started;
        this.settle(step, outcome, closedAtStart, asked ? before : -1, native);
      },
      (err) => this.fail(step, err),
    );
  }

  /** A run moved something, or something outside did: the busy-loop count starts again. */
  private moving(): void {
    if (this.quiet === 0) return;
    this.quiet = 0;
    this.spinning.clear();
  }

  private quietRun(step: Step<any, any>): void {
    this.quiet++;
    this.spinning.add(step);
    if (this.quiet < BUSY_RUNS || this.pending > 0) return;
    for (const s of this.outside) if (!s.remote && this.hopeful(s)) return;
    this.fail(null, deadlockError(this.order, { kind: 'busy', spinning: new Set(this.spinning) }));
  }

  /** An async run settled (once: see `adopt`); `before` is what it had moved when it was asked to run again, else -1. */
  private settle(
    step: Step<any, any>,
    outcome: unknown,
    closedAtStart: boolean,
    before: number,
    native: boolean,
  ): void {
    if (this.status !== 'running' || step.state !== 'waiting') return;
    this.pending--;
    if (outcome !== true && outcome !== false && outcome !== undefined && outcome !== null) {
      this.fail(step, badResult(outcome, 'resolved to'));
      return;
    }
    moveStep(step, 'idle');
    if (outcome === true && before >= 0 && moved(step) === before) this.quietRun(step);
    else this.moving();
    if (this.status !== 'running') return;
    this.afterRun(step, outcome === true, closedAtStart);
    // A native Promise calls back from a microtask of its own, under no stream's code: the loop
    // may run here, at once. Any other thenable may call back from anywhere: the loop runs soon.
    if (native && !this.looping) this.loop();
    else this.wakeUp();
  }

  private afterRun(step: Step<any, any>, again: boolean, closedAtStart: boolean): void {
    // A failure from upstream reached a stream that does not recover, once it read what came before.
    if (!step.stream.recovers) {
      for (const i of step.inputs) {
        const c = i.conn;
        if (c.failed && c.size === 0) {
          this.fail(step, c.failure);
          return;
        }
      }
    }
    if (step.outputs.length > 0 && allOutputsClosed(step)) this.finish(step);
    else if (again) step.again = true;
    // The last run must come after the last input closed, so that the stream could flush,
    // and after the work it holds outside run() has been released (and its outside producer ended),
    // so that it could push its results.
    else if (closedAtStart && step.holds === 0 && step.outside === 0 && allInputsDone(step)) this.finish(step);
    if (step.state !== 'idle' || step.queued) return;
    // Back in the queue only if it can run; a step blocked by full outputs waits for room in them.
    if (step.again || step.signalled) {
      if (canRun(step)) this.ready(step);
      else this.park(step);
    } else if (holdsInput(step)) this.park(step);
    else this.passOnRoom(step);
  }

  /**
   * A step waits for room. A step asked to run again needs every output to
   * have room, so it waits on one full output; a signalled one needs any
   * output with room, so it waits on each. It waits on a port of one
   * connection in that connection's queue of waiters, and on a port of
   * several by the port's count of full connections. Room it leaves in its
   * other connections goes to their next waiter.
   */
  private park(step: Step<any, any>): void {
    const onEach = (step.signalled || !step.again) && !step.stream.everyOutput;
    const outs = step.outputs;
    for (let i = 0; i < outs.length; i++) {
      const o = outs[i];
      if (!o.full) continue;
      const single = o.single;
      if (single === null) o.waiting = true;
      // A connection with one producer wakes it without a queue of waiters.
      else if (single.producers.length > 1) single.waitForRoom(step);
      if (!onEach) break;
    }
    this.passOnRoom(step);
  }

  /** Room a step leaves in its connections (it will not push now) goes to the next waiter of each. */
  private passOnRoom(step: Step<any, any>): void {
    const outs = step.outputs;
    for (let i = 0; i < outs.length; i++) {
      const conns = outs[i].conns;
      for (let j = 0; j < conns.length; j++) if (conns[j].roomWanted) conns[j].wakeWaiter();
    }
  }

  /** The one place a stream finishes: outputs close, leftover input is cancelled, finalize runs once. */
  private finish(step: Step<any, any>, ending: Ending = COMPLETED): void {
    if (step.state === 'finished') return;
    moveStep(step, 'finished');
    step.signalled = false;
    step.again = false;
    if (step.holds > 0) {
      // Work still in flight is abandoned: it no longer keeps the run alive.
      this.pending -= step.holds;
      step.holds = 0;
    }
    step.dropTimers();
    this.outside.delete(step);
    for (const o of step.outputs) o.close();
    this.passOnRoom(step);
    // By connection, not by port: an input of a sync group reads as done once the group is
    // exhausted, while its own connection may still be open with a producer waiting for room.
    for (const i of step.inputs) if (i.conn.state === 'open' || i.conn.size > 0) i.cancel();
    if (!this.finalize(step, ending)) return;
    if (--this.unfinished === 0) this.complete();
  }

  /** Finalizes a stream unless it already was; `false` when its finalizer threw (the run then fails). */
  private finalize(step: Step<any, any>, ending: Ending): boolean {
    if (this.finalized.has(step)) return true;
    this.finalized.add(step);
    try {
      step.stream.finalize(ending);
      return true;
    } catch (err) {
      // After a run has ended, its first error stands: a failing finalizer cannot change that.
      this.fail(step, err);
      return false;
    }
  }

  private complete(): void {
    if (this.status !== 'running') return;
    this.status = 'completed';
    this.stopLoop();
    this.detach();
    this.observer.complete();
  }

  /** The one place a failed or aborted run lets go: every unfinished stream is finalized once, buffers are freed. */
  private teardown(): void {
    this.stopLoop();
    const reason = this.reason;
    const ending: Ending =
      this.status === 'aborted'
        ? { reason: 'aborted', error: reason }
        : { reason: 'failed', error: reason instanceof StreamError ? reason.cause : reason };
    for (const step of this.order) {
      step.dropTimers();
      if (step.state !== 'finished') {
        if (step.state !== 'failed') moveStep(step, 'failed');
        this.finalize(step, ending);
      }
      for (const i of step.inputs) i.conn.release();
    }
    this.outside.clear();
    this.detach();
  }

  private stopLoop(): void {
    this.soon = false;
    const c = this.continuation;
    this.continuation = null;
    if (c !== null) c.cancel();
    this.queue.clear();
    this.deferred = [];
  }

  private detach(): void {
    for (const step of this.order) step.engine = null;
  }
}

function ignore(): void {}

const COMPLETED: Ending = { reason: 'completed' };
const CANCELLED: Ending = { reason: 'cancelled' };

const resolved = Promise.resolve();

/**
 * The run loop. A push puts an item into a connection and raises its
 * consumer's `signalled` flag; popping a full connection raises its producers'.
 * The loop passes over the steps, downstream first, and runs each step that
 * is idle, has something to do (a signal or a pending "run again") and has
 * room to put its results. When a pass runs nothing, the workflow has
 * completed, is waiting for something asynchronous, or is deadlocked.
 */
import type { Step } from './step';
import type { Workflow } from './workflow';
import { moveStep } from './lifecycle';
import { DeadlockError, StreamError } from '../errors';
import { continueLater, now, type Cancel } from './continuation';
import { stuckStreams } from './diagnosis';
import { downstreamFirst } from './order';
import {
  allInputsClosed,
  allInputsDone,
  allOutputsCancelled,
  allOutputsClosed,
  badResult,
  canRun,
  isOutcome,
  messageOf,
} from './readiness';

/** Who hears how a run ends. */
export interface RunObserver {
  complete(): void;
  error(err: unknown): void;
}

type Status = 'running' | 'completed' | 'failed' | 'aborted';

/** Stands for a continuation while the scheduler is being asked for it. */
const SCHEDULING: Cancel = () => {};

export class Engine {
  status: Status = 'running';
  /** True while the loop is on the stack: pokes then need no scheduling. */
  private looping = false;
  private scheduled: Cancel | null = null;
  /** Until when the loop may run synchronously before it yields. */
  private sliceEnd = 0;
  /** Async runs in flight plus outside producers (e.g. Observable sources) still live. */
  private pending = 0;
  private unfinished: number;
  /** Steps, downstream first. */
  private readonly order: Step<any, any>[];
  private readonly finalized = new Set<Step<any, any>>();
  /** Work that must not run while the loop is on the stack (see `defer`). */
  private deferred: (() => void)[] = [];
  /** Why the run ended: the failure, or the abort reason (`undefined` for a silent abort or a completion). */
  reason: unknown = undefined;

  constructor(
    private readonly workflow: Workflow,
    private readonly observer: RunObserver,
  ) {
    this.order = downstreamFirst(workflow.steps);
    this.unfinished = this.order.length;
  }

  start(): void {
    for (const step of this.order) {
      for (const group of step.groups) for (const input of group) input.group = group;
      for (const input of step.inputs) {
        // An input nothing is piped into is closed from the start.
        input.conn.closeIfUnconnected();
      }
      if (step.inputs.length === 0) step.again = true;
      else if (step.inputs.every((i) => i.closed)) step.signalled = true;
      step.engine = this;
    }
    if (this.unfinished === 0) {
      this.complete();
      return;
    }
    this.startSlice();
    this.loop();
  }

  /** Something changed outside the loop: run the loop now if this slice allows, or soon. */
  poke(): void {
    if (this.looping || this.scheduled !== null || this.status !== 'running') return;
    if (this.now() < this.sliceEnd) this.loop();
    else this.schedule();
  }

  /**
   * Runs the loop now, in a new time slice, unless it is already on the stack.
   * For an outside producer that cannot wait, such as a synchronous Observable
   * whose buffer is full: downstream drains before its next item. `false` when
   * the loop is on the stack (or the run is over) and nothing could be done.
   */
  drain(): boolean {
    if (this.looping || this.status !== 'running') return false;
    this.cancelScheduled();
    this.startSlice();
    this.loop();
    return true;
  }

  /**
   * An outside producer (an Observable's item, an operator's late emission) is
   * about to push. When the engine is idle (not looping, nothing scheduled) this
   * starts a new time slice, so the item is carried downstream now, as RxJS
   * would, rather than a macrotask later.
   */
  wake(): void {
    if (!this.looping && this.scheduled === null) this.startSlice();
  }

  /** Holds the loop off while an output outside the loop broadcasts; `false` when the loop is on the stack. */
  enter(): boolean {
    if (this.looping) return false;
    this.looping = true;
    return true;
  }

  /** Ends an `enter`: the loop runs now (or soon) for what the broadcast signalled. */
  leave(): void {
    this.looping = false;
    this.poke();
  }

  /** Runs `fn` once the loop is off the stack: now if it is, or right after the current pass. */
  defer(fn: () => void): void {
    if (this.looping) this.deferred.push(fn);
    else fn();
  }

  /** An outside producer (such as an Observable source) is live: not a deadlock while it is. */
  hold(): void {
    this.pending++;
  }

  /** An outside producer ended. */
  release(): void {
    this.pending--;
    this.poke();
  }

  /** Stops the run: streams are finalized, buffers freed, and the observer hears `reason` (or nothing). */
  abort(reason?: unknown): void {
    if (this.status !== 'running') return;
    this.status = 'aborted';
    this.reason = reason;
    this.teardown();
    if (reason !== undefined) this.observer.error(reason);
  }

  /** Fails the run with a stream's error; the first failure wins. */
  fail(step: Step<any, any> | null, cause: unknown): void {
    if (this.status !== 'running') return;
    this.status = 'failed';
    if (step !== null) moveStep(step, 'failed');
    const error =
      step === null
        ? cause
        : new StreamError(`stream "${step.name}" failed: ${messageOf(cause)}`, step.name, { cause });
    this.reason = error;
    this.teardown();
    this.observer.error(error);
  }

  private schedule(): void {
    let ran = false;
    const continueLoop = () => {
      ran = true;
      this.scheduled = null;
      this.startSlice();
      this.loop();
    };
    this.scheduled = SCHEDULING;
    const cancel = continueLater(this.workflow.scheduler, continueLoop);
    // A scheduler may run the continuation before schedule() returns (queueScheduler outside a
    // queue does): its handle is then stale, and keeping it would hold off every later poke.
    if (this.scheduled === SCHEDULING) this.scheduled = cancel;
    else if (!ran) cancel();
  }

  private loop(): void {
    if (this.status !== 'running') return;
    const order = this.order;
    const n = order.length;
    this.looping = true;
    try {
      for (;;) {
        let ran = false;
        for (let i = 0; i < n; i++) {
          const step = order[i];
          if (step.state === 'idle' && (step.signalled || step.again) && canRun(step)) {
            this.runStep(step);
            ran = true;
            if (this.status !== 'running') return;
          }
        }
        if (!ran) break;
        if (this.now() >= this.sliceEnd) {
          this.schedule();
          return;
        }
      }
    } finally {
      this.looping = false;
      if (this.deferred.length > 0) this.runDeferred();
    }
    // Deferred work may have scheduled a continuation: that pass decides.
    if (this.pending === 0 && this.unfinished > 0 && this.scheduled === null)
      this.fail(null, new DeadlockError(stuckStreams(this.order)));
  }

  private runDeferred(): void {
    const fns = this.deferred;
    this.deferred = [];
    for (const fn of fns) if (this.status === 'running') fn();
  }

  /** The loop may run synchronously for one more `timeSlice` from now. */
  private startSlice(): void {
    this.sliceEnd = this.now() + this.workflow.timeSlice;
  }

  /** The scheduler's clock when there is one, so virtual time slices virtual work (deterministic under a TestScheduler). */
  private now(): number {
    return now(this.workflow.scheduler);
  }

  private runStep(step: Step<any, any>): void {
    if (step.cancelledOutputs > 0 && allOutputsCancelled(step)) {
      this.finish(step);
      return;
    }
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
    const thenable = !isOutcome(result) && typeof (result as PromiseLike<unknown>)?.then === 'function';
    if (this.status !== 'running') {
      // The run ended the workflow from inside (an abort, or another stream's failure it caused):
      // the stream has been torn down, and a promise it returned can change nothing.
      if (thenable) Promise.resolve(result as PromiseLike<unknown>).catch(() => undefined);
      return;
    }
    if (isOutcome(result)) {
      if (clock !== null) step.busy += clock() - started;
      moveStep(step, 'idle');
      this.afterRun(step, result === true, closedAtStart);
    } else if (thenable) {
      moveStep(step, 'waiting');
      this.pending++;
      try {
        (result as PromiseLike<unknown>).then(
          (outcome) => {
            if (clock !== null) step.busy += clock() - started;
            this.settle(step, outcome, closedAtStart);
          },
          (err) => this.fail(step, err),
        );
      } catch (err) {
        // A thenable whose then() throws is the stream failing, not the engine.
        this.fail(step, err);
      }
    } else {
      this.fail(step, badResult(result));
    }
  }

  private settle(step: Step<any, any>, outcome: unknown, closedAtStart: boolean): void {
    if (this.status !== 'running') return;
    this.pending--;
    if (!isOutcome(outcome)) {
      this.fail(step, badResult(outcome, 'resolved to'));
      return;
    }
    moveStep(step, 'idle');
    // Finishing closes outputs and cancels inputs, which wakes other steps; the loop must not
    // start inside that bookkeeping (it would count this step as unfinished and see a deadlock).
    // A thenable may settle synchronously, with the loop already on the stack: then it stays there.
    const entered = this.enter();
    try {
      this.afterRun(step, outcome === true, closedAtStart);
    } finally {
      if (entered) this.leave();
    }
  }

  private afterRun(step: Step<any, any>, again: boolean, closedAtStart: boolean): void {
    if (step.outputs.length > 0 && allOutputsClosed(step)) this.finish(step);
    else if (again) step.again = true;
    // The last run must come after the last input closed, so that the stream could flush,
    // and after the work it holds outside run() has been released, so that it could push its results.
    else if (closedAtStart && step.holds === 0 && allInputsDone(step)) this.finish(step);
  }

  /** The one place a stream finishes: outputs close, leftover input is cancelled, finalize runs once. */
  private finish(step: Step<any, any>): void {
    if (step.state === 'finished') return;
    moveStep(step, 'finished');
    step.signalled = false;
    step.again = false;
    if (step.holds > 0) {
      // Work still in flight is abandoned: it no longer keeps the run alive.
      this.pending -= step.holds;
      step.holds = 0;
    }
    for (const o of step.outputs) o.close();
    // By connection, not by port: an input of a sync group reads as done once the group is
    // exhausted, while its own connection may still be open with a producer waiting for room.
    for (const i of step.inputs) if (i.conn.state === 'open' || i.conn.size > 0) i.cancel();
    if (!this.finalize(step)) return;
    if (--this.unfinished === 0) this.complete();
  }

  /** Finalizes a stream unless it already was; `false` when its finalizer threw (the run then fails). */
  private finalize(step: Step<any, any>): boolean {
    if (this.finalized.has(step)) return true;
    this.finalized.add(step);
    try {
      step.stream.finalize();
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
    this.cancelScheduled();
    this.detach();
    this.observer.complete();
  }

  /** The one place a failed or aborted run lets go: every unfinished stream is finalized once, buffers are freed. */
  private teardown(): void {
    this.cancelScheduled();
    for (const step of this.order) {
      if (step.state !== 'finished') {
        if (step.state !== 'failed') moveStep(step, 'failed');
        this.finalize(step);
      }
      for (const i of step.inputs) i.conn.release();
    }
    this.detach();
  }

  private detach(): void {
    for (const step of this.order) step.engine = null;
  }

  private cancelScheduled(): void {
    const cancel = this.scheduled;
    this.scheduled = null;
    if (cancel !== null) cancel();
  }
}

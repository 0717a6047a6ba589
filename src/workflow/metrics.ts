/**
 * Metrics: snapshots of what a workflow is doing, read from the counters the
 * connections keep anyway. Nothing is counted per item for metrics' sake; only
 * the time each run takes is measured, and only while someone watches.
 */
import { Observable, asyncScheduler, type SchedulerLike, type Subscription } from 'rxjs';
import type { StepState } from '../types';
import type { Connection } from '../connection';
import type { Workflow } from './workflow';
import { WiringError } from '../errors';
import { describe } from '../stream';

/** What a workflow's run is doing: not started, running, or how it ended. */
export type RunStatus = 'idle' | 'running' | 'completed' | 'failed' | 'aborted';

/** One stream in a {@link MetricsSnapshot}. */
export interface StreamMetrics {
  /** The stream's name in the workflow. */
  readonly name: string;
  readonly state: StepState;
  /** It delivers to no connection: where items end up. */
  readonly sink: boolean;
  /** How many times `run` was called. */
  readonly runs: number;
  /** Items taken from its inputs (popped, or discarded when it cancelled or finished). */
  readonly itemsIn: number;
  /** Items its outputs delivered: per output, the most that one of its connections received. */
  readonly itemsOut: number;
  /** Milliseconds spent in `run` (until settled, for async runs) while metrics were watched. */
  readonly busy: number;
  /** Items the stream dropped on purpose, e.g. by a supervision decision (`onError: 'skip'`). */
  readonly skipped: number;
  /**
   * The worker it is placed on (`addStream(…, { worker })`), or null. Over a transport, each process counts
   * what runs there: a placed stream's counts are its worker's, not the coordinator's.
   */
  readonly worker: string | null;
}

/** One connection in a {@link MetricsSnapshot}: the buffer in front of one input port. */
export interface ConnectionMetrics {
  /** The producing ports, `stream.port`, comma separated. */
  readonly from: string;
  /** The consuming port, `stream.port`. */
  readonly to: string;
  /** Buffered items now. */
  readonly size: number;
  readonly capacity: number;
  /** `size / capacity`, 1 when full. */
  readonly fill: number;
  /** Items that went through (received and no longer buffered). */
  readonly passed: number;
  /** The largest number of items ever buffered. */
  readonly peak: number;
  /** How many times the buffer became full. */
  readonly timesFull: number;
  /** Items pushed after the consumer cancelled, or discarded by its cancelling. */
  readonly dropped: number;
  readonly state: 'open' | 'closed' | 'cancelled';
}

/** What a workflow is doing at one moment. */
export interface MetricsSnapshot {
  /** The scheduler's clock, in milliseconds. */
  readonly time: number;
  readonly status: RunStatus;
  readonly streams: readonly StreamMetrics[];
  readonly connections: readonly ConnectionMetrics[];
}

/** Reads a snapshot of a workflow's counters now. */
export function snapshot(workflow: Workflow, time: number): MetricsSnapshot {
  const engine = workflow.engine;
  const status: RunStatus = engine === null ? 'idle' : engine.status;
  const streams: StreamMetrics[] = [];
  const connections: ConnectionMetrics[] = [];
  for (const step of workflow.steps) {
    let itemsIn = 0;
    for (const input of step.inputs) {
      const c = input.conn;
      itemsIn += c.received - c.size;
      connections.push(connectionMetrics(c));
    }
    let itemsOut = 0;
    let sink = true;
    for (const output of step.outputs) {
      if (output.conns.length > 0) sink = false;
      let most = 0;
      for (const c of output.conns) if (c.received > most) most = c.received;
      itemsOut += most;
    }
    streams.push({
      name: step.name,
      state: step.state,
      sink,
      runs: step.runs,
      itemsIn,
      itemsOut,
      busy: step.busy,
      skipped: step.skips,
      worker: step.placement?.worker ?? null,
    });
  }
  return { time, status, streams, connections };
}

function connectionMetrics(c: Connection): ConnectionMetrics {
  return {
    from: c.producers.map((p) => p.label).join(', ') || '(nothing)',
    to: c.label,
    size: c.size,
    capacity: c.capacity,
    fill: c.capacity > 0 ? c.size / c.capacity : 0,
    passed: c.received - c.size,
    peak: c.peak,
    timesFull: c.timesFull,
    dropped: c.dropped,
    state: c.state,
  };
}

/** How many subscribers watch each workflow's metrics: while any do, runs are timed. */
const watchers = new WeakMap<Workflow, number>();

function watch(workflow: Workflow, clock: () => number): () => void {
  const n = watchers.get(workflow) ?? 0;
  watchers.set(workflow, n + 1);
  if (n === 0) workflow.clock = clock;
  return () => {
    const left = (watchers.get(workflow) ?? 1) - 1;
    watchers.set(workflow, left);
    if (left === 0) workflow.clock = null;
  };
}

/** The finest clock the platform offers, in milliseconds. */
function preciseClock(): () => number {
  const perf = (globalThis as { performance?: { now(): number } }).performance;
  return perf !== undefined && typeof perf.now === 'function' ? () => perf.now() : () => Date.now();
}

/**
 * Snapshots of a workflow every `interval` milliseconds on its scheduler (or
 * RxJS's `asyncScheduler`) while it runs, then a final one when the run ends,
 * then completes. Subscribed after the run ended: the final snapshot only.
 * No timer exists before the run starts, and the run's end, however it ends,
 * clears it at once: a run that never starts keeps nothing alive.
 */
export function metricsOf(workflow: Workflow, interval: number): Observable<MetricsSnapshot> {
  if (typeof interval !== 'number' || !(interval > 0) || !Number.isFinite(interval)) {
    throw new WiringError(
      `workflow.metrics(interval): expected a positive number of milliseconds; got ${describe(interval)}.`,
    );
  }
  return new Observable<MetricsSnapshot>((subscriber) => {
    const scheduler: SchedulerLike = workflow.scheduler ?? asyncScheduler;
    const now = () => scheduler.now();
    if (workflow.engine !== null && workflow.engine.status !== 'running') {
      subscriber.next(snapshot(workflow, now()));
      subscriber.complete();
      return;
    }
    let tick: Subscription | null = null;
    const start = () => {
      workflow.startListeners.delete(start);
      tick = scheduler.schedule(function () {
        subscriber.next(snapshot(workflow, now()));
        this.schedule(undefined, interval);
      }, interval);
    };
    const finish = () => {
      // The timer goes first: the final snapshot's subscribers may check that nothing is left.
      tick?.unsubscribe();
      tick = null;
      subscriber.next(snapshot(workflow, now()));
      subscriber.complete();
    };
    const unwatch = watch(workflow, workflow.scheduler === undefined ? preciseClock() : now);
    workflow.endListeners.add(finish);
    if (workflow.engine === null) workflow.startListeners.add(start);
    else start();
    return () => {
      tick?.unsubscribe();
      workflow.startListeners.delete(start);
      workflow.endListeners.delete(finish);
      unwatch();
    };
  });
}

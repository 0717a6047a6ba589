/**
 * The body of `Stream.fromOperator`, as the options of a function-form
 * Stream. It imports no implementation of the core, so that `src/stream.ts`
 * can offer the static without an import cycle.
 */
import { Subject, type OperatorFunction, type Subscription } from 'rxjs';
import type { Inputs, Output, Outputs, StreamOptions } from '../types';
import type { Step } from '../workflow/step';
import type { Engine } from '../workflow/engine';
import type { OutputPort } from '../ports';
import { MimoError, WiringError } from '../errors';
import { checkKnownKeys } from '../options';
import { describe } from '../describe';
import type { Overflow } from './from-observable';

const OVERFLOWS: readonly Overflow[] = ['error', 'drop-newest', 'drop-oldest', 'unbounded'];
import { stepOf } from './step-of';

/** Options of `Stream.fromOperator`. */
export interface FromOperatorOptions {
  /** Shown in errors and diagnostics (default: the operator function's name, or `"fromOperator"`). */
  name?: string;
  /**
   * At most this many items handed to the operator and not yet answered by an
   * emission (default: no limit). An RxJS operator cannot say "enough", so an
   * operator that holds items (`delay`, `concatMap` to timers) takes every item
   * offered while `out` has room; set `inFlight` to bound it. Only for
   * operators that emit for every item: one that filters would stall.
   */
  inFlight?: number;
  /**
   * What to do with an item the operator emits on its own (a timer, an inner
   * subscription: not in answer to an item just handed to it) while the
   * output is full and `queue` items already wait (default `'error'`): the
   * policies of an Observable source (`'error'`, `'drop-newest'`,
   * `'drop-oldest'`, `'unbounded'`), since an operator cannot be paused either.
   * What the operator emits in answer to one item always waits, and no new
   * item is handed to it until all of that has been pushed.
   */
  overflow?: Overflow;
  /** How many items the operator emitted on its own may wait for room (default: the capacity of its output's connection). */
  queue?: number;
}

/** The private state of an operator stream; counters are for diagnostics and specs. */
export interface OperatorState<A, B> {
  phase: 'new' | 'live' | 'complete' | 'ended';
  readonly op: OperatorFunction<A, B>;
  subject: Subject<A> | null;
  subscription: Subscription | null;
  /** Items the operator emitted while the output was full, oldest first from `head`. */
  queue: B[];
  head: number;
  /** The most items ever waiting in `queue`. */
  peakQueued: number;
  /** How many may wait (`Infinity` under `'unbounded'`), and what happens beyond. */
  queueLimit: number;
  readonly overflow: Overflow;
  /** Items dropped or evicted by the overflow policy. */
  dropped: number;
  /** A synchronous error of the operator, rethrown from `run`. */
  error: { readonly cause: unknown } | null;
  inRun: boolean;
  /** Items handed to the operator, and items it emitted: their difference is bounded by `inFlight`. */
  fed: number;
  emitted: number;
  readonly inFlight: number;
  /** The run is held open on this stream's behalf (from subscription until every emitted item is pushed). */
  held: boolean;
  out: Output<B> | null;
  step: Step<any, any> | null;
  engine: Engine | null;
}

/** Builds the options of a 1-in (`in`) / 1-out (`out`) stream that runs `op`. */
export function operatorStream<A, B>(
  op: OperatorFunction<A, B>,
  options: FromOperatorOptions = {},
): StreamOptions<{ in: A }, { out: B }, OperatorState<A, B>> {
  if (typeof op !== 'function') {
    throw new WiringError(
      `Stream.fromOperator(op): expected an RxJS OperatorFunction such as map(f) or delay(10); got ${op === null ? 'null' : typeof op}.`,
    );
  }
  if (options === null || typeof options !== 'object') {
    throw new WiringError(`Stream.fromOperator(op, options): options must be an object; got ${describe(options)}.`);
  }
  checkKnownKeys(options, ['name', 'inFlight', 'overflow', 'queue'], 'Stream.fromOperator(op, options)');
  const overflow = options.overflow ?? 'error';
  if (!OVERFLOWS.includes(overflow)) {
    throw new WiringError(
      `Stream.fromOperator(op, { overflow }): expected one of ${OVERFLOWS.map((o) => `'${o}'`).join(', ')}; got ${describe(overflow)}.`,
    );
  }
  const queue = options.queue;
  if (queue !== undefined && (typeof queue !== 'number' || !Number.isInteger(queue) || queue < 0)) {
    throw new WiringError(
      `Stream.fromOperator(op, { queue }): expected a whole number of items, at least 0; got ${describe(queue)}.`,
    );
  }
  const inFlight = options.inFlight ?? Infinity;
  if (typeof inFlight !== 'number' || !(inFlight >= 1)) {
    throw new WiringError(
      `Stream.fromOperator(op, { inFlight }): expected a number of items, at least 1; got ${String(inFlight)}.`,
    );
  }
  return {
    name: options.name ?? (op.name || 'fromOperator'),
    ins: ['in'],
    outs: ['out'],
    fn: runOperator,
    finalize: endOperator,
    state: {
      phase: 'new',
      op,
      subject: null,
      subscription: null,
      queue: [],
      head: 0,
      peakQueued: 0,
      queueLimit: overflow === 'unbounded' ? Infinity : (queue ?? -1),
      overflow,
      dropped: 0,
      error: null,
      inRun: false,
      fed: 0,
      emitted: 0,
      inFlight: inFlight,
      held: false,
      out: null,
      step: null,
      engine: null,
    },
  };
}

function runOperator<A, B>(ins: Inputs<{ in: A }>, outs: Outputs<{ out: B }>, st: OperatorState<A, B>): boolean {
  const input = ins.in;
  const out = outs.out;
  st.inRun = true;
  try {
    if (st.phase === 'new') subscribe(st, out);
    throwPending(st);
    while (st.head < st.queue.length && !out.full) out.push(st.queue[st.head++]);
    // Emitted items still wait for room: run again when there is some.
    if (st.head < st.queue.length) return true;
    st.queue = [];
    st.head = 0;
    // Take a new item only while the output has room and nothing waits: the upstream edge stays back-pressured.
    while (
      st.phase === 'live' &&
      input.size > 0 &&
      !out.full &&
      st.queue.length === 0 &&
      st.fed - st.emitted < st.inFlight
    ) {
      st.fed++;
      st.subject!.next(input.pop());
      throwPending(st);
    }
    if (st.phase === 'live' && input.done && st.subject !== null && !st.subject.closed) {
      st.subject.complete();
      throwPending(st);
    }
    if (st.phase === 'complete' && st.head === st.queue.length) {
      unhold(st);
      out.close();
    }
    return st.head < st.queue.length;
  } finally {
    st.inRun = false;
  }
}

function subscribe<A, B>(st: OperatorState<A, B>, out: Output<B>): void {
  const { step, engine } = stepOf(out);
  st.out = out;
  st.step = step;
  st.engine = engine;
  st.phase = 'live';
  // By default as many emitted items may wait as the output's connection holds.
  if (st.queueLimit < 0) st.queueLimit = capacityOf(out);
  st.subject = new Subject<A>();
  // The operator may emit at any time (timers, inner subscriptions): an outside producer while it is live.
  step.outsideStarted();
  st.held = true;
  const emitted = st.op(st.subject.asObservable());
  st.subscription = emitted.subscribe({
    next: (item) => emit(st, item),
    error: (cause) => {
      if (st.phase !== 'live') return;
      st.phase = 'ended';
      if (st.inRun) st.error = { cause };
      else st.step!.fail(cause);
    },
    complete: () => {
      if (st.phase !== 'live') return;
      st.phase = 'complete';
      // Items still queued keep the stream open until they are pushed.
      if (st.head === st.queue.length) unhold(st);
      // The stream runs once more to close its output; now, when this comes from outside the loop.
      st.step!.wake();
      if (!st.inRun) st.engine!.flush();
    },
  });
}

function emit<A, B>(st: OperatorState<A, B>, item: B): void {
  if (st.phase !== 'live') return;
  // An answer frees a place in flight: the stream may take input again (after this item is placed).
  const freed = st.emitted < st.fed && st.fed - st.emitted++ === st.inFlight && !st.inRun;
  const out = st.out!;
  if (out.cancelled) return;
  if (st.head === st.queue.length && !out.full) {
    out.push(item);
  } else if (st.inRun || st.queue.length - st.head < st.queueLimit) {
    // Emitted while the output is full: wait here; no new input is taken until this queue is empty.
    // During a run, what one item expands into always waits (the operator's own, finite, answer
    // to that item); from outside a run (timers, inner subscriptions) at most `queue` items wait.
    const n = st.queue.push(item) - st.head;
    if (n > st.peakQueued) st.peakQueued = n;
    // Emitted from outside a run: the stream runs to push it as soon as room comes (it then
    // returns true while items wait), not at its next input, which may never come.
    if (n === 1 && !st.inRun) st.step!.wake();
  } else if (!overflowed(st, item)) return;
  if (freed) st.step!.signal();
  // From outside the loop (a timer, an inner subscription), downstream sees the item now.
  if (!st.inRun) st.engine!.flush();
}

/** The room behind an output: the smallest capacity of its connections (64 when it has none). */
function capacityOf(out: Output<unknown>): number {
  const conns = (out as OutputPort).conns;
  return conns.length === 0 ? 64 : Math.min(...conns.map((c) => c.capacity));
}

/** The queue is at its limit: the overflow policy decides; `false` when the run failed. */
function overflowed<A, B>(st: OperatorState<A, B>, item: B): boolean {
  switch (st.overflow) {
    case 'drop-newest':
      st.dropped++;
      return true;
    case 'drop-oldest':
      if (st.head < st.queue.length) {
        st.head++;
        st.dropped++;
      }
      st.queue.push(item);
      return true;
    default: {
      const cause = new MimoError(
        `${st.step!.name}: the operator emitted while ${st.step!.name}.out was full and ${st.queueLimit} emitted items ` +
          'already waited for room. An operator cannot be paused: bound what it holds with { inFlight }, let more wait ' +
          "with { queue }, or choose { overflow: 'drop-newest' | 'drop-oldest' | 'unbounded' }.",
      );
      st.phase = 'ended';
      if (st.inRun) st.error = { cause };
      else st.step!.fail(cause);
      return false;
    }
  }
}

function unhold<A, B>(st: OperatorState<A, B>): void {
  if (!st.held) return;
  st.held = false;
  st.step!.outsideEnded();
}

function throwPending<A, B>(st: OperatorState<A, B>): void {
  if (st.error !== null) throw st.error.cause;
}

function endOperator<A, B>(st: OperatorState<A, B>): void {
  st.phase = 'ended';
  st.subscription?.unsubscribe();
  st.subscription = null;
  st.queue = [];
  st.head = 0;
}

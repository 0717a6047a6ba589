/**
 * The inner sources of `flatMap`: what its function returns, pulled one item
 * at a time and only while the output has room. An iterable is pulled in the
 * stage's run; an async iterable has at most one `next()` in flight and one
 * item waiting; an Observable, which cannot be paused, fills a bounded buffer
 * under an overflow policy.
 */
import { Observable, from, type Subscriber } from 'rxjs';
import type { Output, StreamContext } from '../types';
import type { Overflow } from '../rx/from-observable';
import { MimoError } from '../errors';
import { describe } from '../describe';
import { adopt, thenOf } from '../thenable';
import { stepOf } from '../rx/step-of';

/** What one call of `next` did. */
export const PUSHED = 1;
export const WAITING = 0;
export const EXHAUSTED = -1;

/** An inner source, opened by the stage in its turn and closed once, however it ends. */
export interface InnerSource<U> {
  /** Pushes one item into `out` when one is there: PUSHED; WAITING when it wakes the stage once it has one; EXHAUSTED. */
  next(out: Output<U>): number;
  /** Lets go of the source: `return()` of an unfinished iterator, unsubscribe of an Observable. */
  close(): void;
}

/** How an inner Observable's buffer is bounded. */
export interface InnerBound {
  readonly size: number;
  readonly overflow: Overflow;
}

/** The inner source of whatever `fn` returned: an iterable, an async iterable, or anything RxJS's `from` takes. */
export function innerSource<U>(
  value: unknown,
  context: StreamContext,
  out: Output<U>,
  bound: InnerBound,
  stage: string,
): InnerSource<U> {
  if (value != null && typeof (value as Iterable<U>)[Symbol.iterator] === 'function') {
    return new IterableInner((value as Iterable<U>)[Symbol.iterator]());
  }
  if (value != null && typeof (value as AsyncIterable<U>)[Symbol.asyncIterator] === 'function') {
    return new AsyncInner((value as AsyncIterable<U>)[Symbol.asyncIterator](), context);
  }
  let observable: Observable<U>;
  try {
    observable = from(value as Observable<U>);
  } catch {
    throw new MimoError(
      `${stage}: fn returned ${describe(value)}; it must return an array or other iterable, an async iterable, ` +
        'an Observable or a Promise.',
    );
  }
  return new ObservableInner(observable, context, out, bound, stage);
}

class IterableInner<U> implements InnerSource<U> {
  private done = false;

  constructor(private readonly iterator: Iterator<U>) {}

  next(out: Output<U>): number {
    let r: IteratorResult<U>;
    try {
      r = this.iterator.next();
    } catch (err) {
      this.done = true;
      throw err;
    }
    if (r.done) {
      this.done = true;
      return EXHAUSTED;
    }
    out.push(r.value);
    return PUSHED;
  }

  close(): void {
    if (this.done) return;
    this.done = true;
    this.iterator.return?.();
  }
}

class AsyncInner<U> implements InnerSource<U> {
  private done = false;
  private closed = false;
  private pending = false;
  private ready: { readonly value: U } | null = null;
  private readonly settle = (r: unknown) => {
    this.pending = false;
    if (this.closed) return;
    const result = r as IteratorResult<U>;
    if (result.done) this.done = true;
    else this.ready = { value: result.value };
    this.context.release();
  };
  private readonly reject = (err: unknown) => {
    this.pending = false;
    this.done = true;
    if (!this.closed) this.context.fail(err);
  };

  constructor(
    private readonly iterator: AsyncIterator<U>,
    private readonly context: StreamContext,
  ) {}

  next(out: Output<U>): number {
    const ready = this.ready;
    if (ready !== null) {
      this.ready = null;
      out.push(ready.value);
      return PUSHED;
    }
    if (this.done) return EXHAUSTED;
    if (!this.pending) this.pull();
    // A thenable may have settled at once, inside pull().
    return this.ready !== null || this.done ? this.next(out) : WAITING;
  }

  private pull(): void {
    this.pending = true;
    this.context.hold();
    let result: unknown;
    try {
      result = this.iterator.next();
    } catch (err) {
      this.pending = false;
      this.done = true;
      this.context.release();
      throw err;
    }
    adopt(result, thenOf(result), this.settle, this.reject);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.done) return;
    this.done = true;
    const returned = this.iterator.return?.();
    // A rejection of return() has nowhere to go once the source is let go.
    if (returned !== undefined && typeof (returned as Promise<unknown>).then === 'function') {
      (returned as Promise<unknown>).then(undefined, () => {});
    }
  }
}

class ObservableInner<U> implements InnerSource<U> {
  private phase: 'new' | 'live' | 'complete' | 'closed' = 'new';
  private subscriber: Subscriber<U> | null = null;
  private queue: U[] = [];
  private head = 0;

  constructor(
    private readonly observable: Observable<U>,
    private readonly context: StreamContext,
    private readonly out: Output<U>,
    private readonly bound: InnerBound,
    private readonly stage: string,
  ) {
    const { step, engine } = stepOf(out);
    this.phase = 'live';
    // A live Observable may emit at any time: the run waits for it, as for an Observable source.
    step.outsideStarted();
    // Subscribed off the loop's stack, so that a synchronous Observable's items drain downstream as they come.
    engine.defer(() => this.subscribe());
  }

  next(out: Output<U>): number {
    if (this.head < this.queue.length) {
      const item = this.queue[this.head];
      this.queue[this.head++] = undefined as U;
      if (this.head === this.queue.length) {
        this.queue = [];
        this.head = 0;
      }
      out.push(item);
      return PUSHED;
    }
    return this.phase === 'live' ? WAITING : EXHAUSTED;
  }

  close(): void {
    if (this.phase === 'closed') return;
    const was = this.phase;
    this.phase = 'closed';
    this.queue = [];
    this.head = 0;
    this.subscriber?.unsubscribe();
    if (was === 'live') stepOf(this.out).step.outsideEnded();
  }

  private subscribe(): void {
    if (this.phase !== 'live') return;
    const source = this.observable;
    // Through a wrapper, to hold the Subscriber before the source runs: closing it mid-burst stops the burst.
    new Observable<U>((subscriber) => {
      this.subscriber = subscriber;
      return source.subscribe(subscriber);
    }).subscribe({
      next: (item) => this.arrive(item),
      error: (err) => {
        if (this.phase !== 'live') return;
        this.context.fail(err);
      },
      complete: () => {
        if (this.phase !== 'live') return;
        this.phase = 'complete';
        stepOf(this.out).step.outsideEnded();
        this.context.wakeNow!();
      },
    });
  }

  private arrive(item: U): void {
    if (this.phase !== 'live') return;
    if (this.queue.length - this.head >= this.bound.size) {
      // Let the stage and downstream drain first (when the loop is not on the stack), then decide.
      this.context.wakeNow!();
      if (this.phase !== 'live') return;
      if (this.queue.length - this.head >= this.bound.size) {
        if (this.overflowed(item)) this.context.wakeNow!();
        return;
      }
    }
    this.queue.push(item);
    this.context.wakeNow!();
  }

  /** The buffer is full: the policy decides; false when the item was dropped or the stage failed. */
  private overflowed(item: U): boolean {
    switch (this.bound.overflow) {
      case 'unbounded':
        this.queue.push(item);
        return true;
      case 'drop-newest':
        this.context.skipped();
        return false;
      case 'drop-oldest':
        this.queue[this.head++] = undefined as U;
        this.queue.push(item);
        this.context.skipped();
        return true;
      default:
        this.context.fail(
          new MimoError(
            `${this.stage}: an inner Observable emitted while ${this.bound.size} of its items waited for room; ` +
              'an Observable cannot be paused: raise size, return an iterable instead, or choose ' +
              "overflow: 'drop-newest' | 'drop-oldest' | 'unbounded'.",
          ),
        );
        return false;
    }
  }
}

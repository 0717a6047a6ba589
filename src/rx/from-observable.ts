import { Observable, from, Subject, type ObservableInput, type Subscriber } from 'rxjs';
import type { Inputs, Outputs } from '../types';
import type { OutputPort } from '../ports';
import type { Step } from '../workflow/step';
import type { Engine } from '../workflow/engine';
import { Stream, describe } from '../stream';
import { MimoError, WiringError } from '../errors';
import { checkKnownKeys } from '../options';
import { stepOf } from './step-of';

/** What an Observable source does with an item that arrives while its output is full. */
export type Overflow = 'error' | 'drop-newest' | 'drop-oldest' | 'unbounded';

const OVERFLOWS: readonly Overflow[] = ['error', 'drop-newest', 'drop-oldest', 'unbounded'];

/** Options of {@link fromObservable}. */
export interface FromObservableOptions {
  /** Shown in errors and diagnostics (default `"fromObservable"`). */
  name?: string;
  /** The overflow policy (default `'error'`). */
  overflow?: Overflow;
}

/**
 * A source that subscribes to an Observable (or anything RxJS's `from` takes)
 * and feeds its items through the bounded connection behind `out`. An
 * Observable cannot be paused, so an item that arrives while the connection is
 * full first lets the workflow drain synchronously (when the item arrives
 * outside the run loop), and if it is still full the `overflow` policy decides:
 * `'error'` fails the run naming the source and the capacity, `'drop-newest'`
 * drops the item, `'drop-oldest'` evicts the oldest buffered item to make room,
 * `'unbounded'` queues it in the source without limit (`queued`, `peakQueued`).
 *
 * - emits when: the Observable emits and the output has room
 * - back-pressures when: never; the Observable is told nothing (see `overflow`)
 * - completes when: the Observable completes and every queued item was pushed
 * - cancels when: every consumer cancelled, or the run ends; the subscription is unsubscribed
 * - fails when: the Observable errors, or overflows under `'error'`
 *
 * ```
 * obs:  -a-b-c|
 * out:  -a-b-c|
 * ```
 *
 * @example
 * ```ts
 * const ticks = fromObservable(interval(10).pipe(take(100)), { overflow: 'drop-oldest' });
 * workflow.addStream(ticks).pipe(workflow.addStream(collect()));
 * await workflow.run(); // ticks.dropped says how many were evicted
 * ```
 */
export function fromObservable<T>(input: ObservableInput<T>, options: FromObservableOptions = {}): ObservableSource<T> {
  if (options === null || typeof options !== 'object') {
    throw new WiringError(`fromObservable(input, options): options must be an object; got ${describe(options)}.`);
  }
  checkKnownKeys(options, ['name', 'overflow'], 'fromObservable(input, options)');
  const overflow = options.overflow ?? 'error';
  if (!OVERFLOWS.includes(overflow)) {
    throw new WiringError(
      `fromObservable(input, { overflow }): expected one of ${OVERFLOWS.map((o) => `'${o}'`).join(', ')}; got ${describe(overflow)}.`,
    );
  }
  let observable: Observable<T>;
  try {
    observable = from(input);
  } catch {
    throw new WiringError(
      `fromObservable(input): expected an Observable, Promise, array, iterable or other RxJS ObservableInput; got ${describe(input)}.`,
    );
  }
  return new ObservableSource(observable, options.name ?? 'fromObservable', overflow);
}

/** The stream made by {@link fromObservable}; read its counters after (or during) a run. */
export class ObservableSource<T> extends Stream<{}, { out: T }> {
  /** Items dropped or evicted by the overflow policy. */
  dropped = 0;
  /** The most items ever queued under `'unbounded'`. */
  peakQueued = 0;
  /** Every item dropped or evicted, as it happens; completes when the source ends. */
  readonly dropped$: Observable<T>;

  private readonly drops = new Subject<T>();
  /** new → (waiting for demand →) live → (complete, items still queued →) ended. */
  private phase: 'new' | 'waiting' | 'live' | 'complete' | 'ended' = 'new';
  /**
   * @internal Where it starts among sources that start together: an input piped into a
   * workflow from outside (`toOperator`, `asOperator`) starts before the workflow's own.
   */
  startsAt: number | null = null;
  /** Our subscriber, known before the Observable runs, so that a synchronous burst can be stopped midway. */
  private subscriber: Subscriber<T> | null = null;
  private out: OutputPort<T> | null = null;
  private step: Step<any, any> | null = null;
  private engine: Engine | null = null;
  private queue: T[] = [];
  private head = 0;

  /** @internal */
  constructor(
    private readonly observable: Observable<T>,
    name: string,
    /** The overflow policy. */
    readonly overflow: Overflow,
  ) {
    super({ name, outs: ['out'] });
    this.dropped$ = this.drops.asObservable();
  }

  /** Items waiting in the source under `'unbounded'`. */
  get queued(): number {
    return this.queue.length - this.head;
  }

  override run(_ins: Inputs<{}>, outs: Outputs<{ out: T }>): boolean {
    if (this.phase === 'new') {
      const { step, engine } = stepOf(outs.out);
      this.out = outs.out as OutputPort<T>;
      this.step = step;
      this.engine = engine;
      this.phase = 'waiting';
      // Live from here: it keeps the run waiting while something it may emit could move.
      step.outsideStarted();
    }
    if (this.phase === 'waiting') {
      // Subscribed only once a consumer asks for items (a later input of concat does not, yet).
      if (!(outs.out as OutputPort<T>).requested) return false;
      this.phase = 'live';
      // Off the loop's stack, so that a synchronous Observable's items drain downstream as they come;
      // sources that start together start in the order they were wired, inputs from outside first.
      const order = this.startsAt ?? 1e9 + this.step!.index;
      this.engine!.defer(() => this.subscribe(), order);
      return false;
    }
    const out = outs.out;
    while (this.queued > 0 && !out.full) out.push(this.queue[this.head++]);
    if (this.queued === 0 && this.head > 0) {
      this.queue = [];
      this.head = 0;
    }
    if (this.phase === 'complete' && this.queued === 0) this.end(true);
    // Items still queued (live, or completed: the Observable no longer holds the run) are
    // pushed as room comes: run again then.
    return this.queued > 0;
  }

  override finalize(): void {
    this.end(false);
  }

  private subscribe(): void {
    if (this.phase !== 'live') return;
    const source = this.observable;
    // Through a wrapper, to hold the Subscriber before the source runs: unsubscribing it
    // during a synchronous burst closes it, as RxJS's own operators do.
    new Observable<T>((subscriber) => {
      this.subscriber = subscriber;
      return source.subscribe(subscriber);
    }).subscribe({
      next: (item) => this.next(item),
      error: (err) => {
        if (this.phase === 'live' || this.phase === 'complete') this.step!.fail(err);
      },
      complete: () => {
        if (this.phase !== 'live') return;
        if (this.queued === 0) {
          this.end(true);
          return;
        }
        this.phase = 'complete';
        this.step!.outsideEnded();
      },
    });
    // The run may have ended while subscribing.
    if ((this.phase as string) === 'ended') this.subscriber?.unsubscribe();
  }

  private next(item: T): void {
    if (this.phase !== 'live') return;
    const out = this.out!;
    const engine = this.engine!;
    if (out.cancelled) {
      this.end(true);
      return;
    }
    if (this.queued > 0 || out.full) {
      // Let downstream drain first (when the loop is not on the stack), then decide.
      engine.flush();
      if (this.phase !== 'live') return;
      if (this.queued > 0 || out.full) {
        this.overflowed(out, item);
        return;
      }
    }
    out.push(item);
    // Downstream sees the item now, as it would behind an RxJS operator.
    engine.flush();
    // Everything downstream stopped (a take reached its count): stop the source now, mid-burst,
    // as RxJS's take unsubscribes its source at its last item.
    if (out.cancelled && this.phase === 'live') this.end(true);
  }

  private overflowed(out: OutputPort<T>, item: T): void {
    switch (this.overflow) {
      case 'unbounded':
        this.queue.push(item);
        if (this.queued > this.peakQueued) this.peakQueued = this.queued;
        // The source runs to push what it queued as soon as a consumer makes room, not at the
        // Observable's next item: a zip waiting for its other input takes the rest at once.
        if (this.queued === 1) this.step!.wake();
        return;
      case 'drop-newest':
        this.drop(item);
        return;
      case 'drop-oldest':
        for (const conn of out.conns) if (conn.full && conn.size > 0) this.drop(conn.shift());
        out.push(item);
        this.engine!.flush();
        return;
      default:
        this.step!.fail(this.overflowError(out));
    }
  }

  private drop(item: T): void {
    this.dropped++;
    this.drops.next(item);
  }

  /** The one place the source ends: unsubscribes once, and lets the run go on without it. */
  private end(release: boolean): void {
    const was = this.phase;
    if (was === 'ended') return;
    this.phase = 'ended';
    this.subscriber?.unsubscribe();
    this.queue = [];
    this.head = 0;
    this.drops.complete();
    if (!release || was === 'new' || was === 'waiting') return;
    this.out!.close();
    this.step!.outsideEnded();
    // Consumers hear of the end now, even while the connection is full and the source cannot run.
    this.engine!.flush();
  }

  private overflowError(out: OutputPort<T>): MimoError {
    const full = out.conns.filter((c) => c.full).map((c) => `${c.label} (capacity ${c.capacity})`);
    return new MimoError(
      `the Observable emitted while ${this.step!.name}.out was full: ${full.join(', ')}. ` +
        'An Observable cannot be paused; give the connection more capacity, or choose ' +
        "fromObservable(input, { overflow: 'drop-newest' | 'drop-oldest' | 'unbounded' }).",
    );
  }
}

import type { Inputs, Output, Outputs } from '../types';
import { Stream } from '../stream';
import { checkBoolean, checkFunction, checkWhole, stageOptions, type StageOptions } from './check';
import { adopt, thenOf } from '../thenable';
import { SKIP, Supervisor, checkSupervision, type RetryOptions, type SupervisionOptions } from './supervision';

/** Options of {@link mapAsync}. */
export interface MapAsyncOptions<T = any> extends StageOptions, SupervisionOptions<T> {
  /** How many items may be in the stage at once: promises in flight plus results waiting to be emitted (default 1). */
  concurrency?: number;
  /** Emit results in input order (default `true`); `false` emits each as soon as it settles. */
  ordered?: boolean;
  /**
   * Calls `fn` again for an item whose call threw or rejected, after a
   * back-off on the workflow's clock (virtual time under a TestScheduler):
   * `{ attempts: 3, backoff: { min: 100, max: 5000, factor: 2, jitter: 0.2 } }`.
   * An item waiting for its retry counts against `concurrency`. Once the
   * attempts are spent, `onError` decides.
   */
  retry?: RetryOptions;
}

/**
 * Applies an async `fn` to every item with at most `concurrency` promises in
 * flight, and emits the results — in input order unless `ordered: false`.
 *
 * Results that settle early wait in a reorder window; the window and the
 * promises in flight together hold at most `concurrency` items, so a slow
 * item stops new ones from starting rather than letting results pile up.
 *
 * - emits when: the oldest result (any result when unordered) has settled and the output has room
 * - back-pressures when: `concurrency` items are in flight or waiting to be emitted (items keep
 *   starting while the output is full, until then)
 * - completes when: the input is done and every result has been emitted
 * - cancels when: the output is cancelled (results still in flight are dropped)
 * - fails when: `fn` throws or its promise rejects (the error names the stage), once `retry`'s
 *   attempts are spent, unless `onError` says `'skip'`: then the item is dropped, counted as
 *   `skipped` in `metrics$`
 *
 * ```
 * in:  -1-2-3----|
 * out: -----1-2-3|   mapAsync(slow, { concurrency: 3 }): 3 settles first, waits for 1 and 2
 * ```
 *
 * @example
 * ```ts
 * ids.pipe(workflow.addStream(mapAsync((id: string) => fetchUser(id), { concurrency: 4 })));
 * ```
 */
export function mapAsync<T, U>(
  fn: (item: T, index: number) => U | PromiseLike<U>,
  options?: MapAsyncOptions<T>,
): Stream<{ in: T }, { out: U }> {
  checkFunction('mapAsync', 'fn', fn, 'mapAsync(async (x) => fetchItem(x), { concurrency: 4 })');
  const { name, ...checked } = stageOptions('mapAsync', options, ['concurrency', 'ordered', 'onError', 'retry']);
  const concurrency = checkWhole('mapAsync', 'concurrency', checked.concurrency ?? 1, 1);
  const ordered = checkBoolean('mapAsync', 'ordered', checked.ordered ?? true);
  const supervision = checkSupervision<T>('mapAsync', checked, true);
  const stage = ordered ? new Ordered<T, U>(fn, concurrency, name) : new Unordered<T, U>(fn, concurrency, name);
  if (supervision !== null) stage.supervise(new Supervisor(name, fn, supervision, () => stage.context!));
  return stage;
}

const resolved: Promise<void> = Promise.resolve();

abstract class MapAsyncStage<T, U> extends Stream<{ in: T }, { out: U }> {
  private index = 0;
  /** Promises in flight. */
  protected inFlight = 0;
  /** One `hold()` covers every promise in flight, not one per item. */
  private held = false;
  private wakeQueued = false;
  protected readonly rejected = (err: unknown) => this.context!.fail(err);
  /**
   * Runs the stage again for the results that settled. Queued behind the settle callbacks
   * already waiting, so that one run takes every result of the same microtask turn.
   */
  private readonly wake = () => {
    this.wakeQueued = false;
    if (!this.held) return;
    const context = this.context!;
    if (this.inFlight === 0) {
      this.held = false;
      context.release();
    }
    // This callback does nothing after: the loop may run under it, as it would for an outside producer.
    context.wakeNow!();
  };

  /** With `onError` or `retry`: calls `fn` in place of the stage, and keeps the items waiting for a retry. */
  private supervisor: Supervisor<T, U> | null = null;

  constructor(
    private callback: (item: T, index: number) => U | PromiseLike<U>,
    protected readonly concurrency: number,
    name: string,
  ) {
    // Decoupled: while the output is full, items may still start, up to `concurrency`, so that work overlaps a slow consumer.
    super({ name, ins: ['in'], outs: ['out'], decoupled: true });
  }

  supervise(supervisor: Supervisor<T, U>): void {
    this.supervisor = supervisor;
    // A skipped item comes out as SKIP, which flush drops.
    this.callback = (item, index) => supervisor.call(item, index) as U | PromiseLike<U>;
  }

  /** Items in the stage: in flight or waiting to be emitted. */
  protected abstract get load(): number;
  /** Pushes the results that may go now; true when some are left because the output is full. */
  protected abstract flush(out: Output<U>): boolean;
  protected abstract start(result: U | PromiseLike<U>): void;

  override run(ins: Inputs<{ in: T }>, outs: Outputs<{ out: U }>): boolean {
    const input = ins.in;
    const out = outs.out;
    const fn = this.callback;
    if (this.supervisor !== null) this.supervisor.runDue();
    let blocked = this.flush(out);
    // Nothing arrives while this runs: read the size once.
    for (let left = input.size; left > 0 && this.load < this.concurrency; left--) {
      this.start(fn(input.pop(), this.index++));
      // A result that is ready at once (fn returned a plain value) leaves room for the next item.
      blocked = this.flush(out);
    }
    if (this.inFlight > 0 && !this.held) {
      this.held = true;
      this.context!.hold();
    }
    // Run again only for results blocked by a full output; results still in flight wake the stage when they settle.
    return blocked;
  }

  /** A promise settled: wake the stage once this microtask turn's other settles are in. */
  protected settled(): void {
    this.inFlight--;
    if (this.wakeQueued) return;
    this.wakeQueued = true;
    void resolved.then(this.wake);
  }
}

/** One place in the reorder window; reused, so its callback is made once, not once per item. */
class Slot<U> {
  done = false;
  value: U | undefined = undefined;
  readonly settle: (value: U) => void;

  constructor(stage: Ordered<any, U>) {
    this.settle = (value: U) => {
      this.done = true;
      this.value = value;
      stage.slotSettled(this);
    };
  }
}

class Ordered<T, U> extends MapAsyncStage<T, U> {
  /** A ring of reused slots: `used` of them in use from `head`, made as the window first grows. */
  private readonly slots: (Slot<U> | undefined)[] = [];
  private head = 0;
  private used = 0;

  protected get load(): number {
    return this.used;
  }

  protected start(result: U | PromiseLike<U>): void {
    const at = (this.head + this.used++) % this.concurrency;
    const slot = (this.slots[at] ??= new Slot<U>(this));
    const then = thenOf(result);
    if (then === null) {
      slot.done = true;
      slot.value = result as U;
      return;
    }
    this.inFlight++;
    // Adopted as Promises/A+ says: a thenable that settles twice counts once.
    adopt(result, then, slot.settle as (value: unknown) => void, this.rejected);
  }

  /** Only the oldest result can go out: a later one waits without waking the stage, unless it is the last. */
  slotSettled(slot: Slot<U>): void {
    if (slot === this.slots[this.head] || this.inFlight === 1) this.settled();
    else this.inFlight--;
  }

  protected flush(out: Output<U>): boolean {
    const slots = this.slots;
    while (this.used > 0) {
      const slot = slots[this.head]!;
      if (!slot.done) return false;
      const value = slot.value as U;
      if (out.full && value !== SKIP) return true;
      slot.done = false;
      slot.value = undefined;
      this.head = (this.head + 1) % this.concurrency;
      this.used--;
      // An item skipped by supervision leaves no result.
      if (value !== SKIP) out.push(value);
    }
    return false;
  }
}

class Unordered<T, U> extends MapAsyncStage<T, U> {
  private readonly ready: U[] = [];
  private readonly settle = (value: U) => {
    this.ready.push(value);
    this.settled();
  };

  protected get load(): number {
    return this.inFlight + this.ready.length;
  }

  protected start(result: U | PromiseLike<U>): void {
    const then = thenOf(result);
    if (then === null) {
      this.ready.push(result as U);
      return;
    }
    this.inFlight++;
    adopt(result, then, this.settle as (value: unknown) => void, this.rejected);
  }

  protected flush(out: Output<U>): boolean {
    const ready = this.ready;
    while (ready.length > 0) {
      if (ready[0] === SKIP) {
        ready.shift();
        continue;
      }
      if (out.full) return true;
      out.push(ready.shift()!);
    }
    return false;
  }
}

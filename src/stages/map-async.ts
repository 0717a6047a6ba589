import type { Inputs, Output, Outputs } from '../types';
import { Stream } from '../stream';
import { checkBoolean, checkFunction, checkWhole, isThenable, stageName, type StageOptions } from './check';

/** Options of {@link mapAsync}. */
export interface MapAsyncOptions extends StageOptions {
  /** How many items may be in the stage at once: promises in flight plus results waiting to be emitted (default 1). */
  concurrency?: number;
  /** Emit results in input order (default `true`); `false` emits each as soon as it settles. */
  ordered?: boolean;
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
 * - fails when: `fn` throws or its promise rejects (the error names the stage)
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
  options?: MapAsyncOptions,
): Stream<{ in: T }, { out: U }> {
  checkFunction('mapAsync', 'fn', fn, 'mapAsync(async (x) => fetchItem(x), { concurrency: 4 })');
  const name = stageName('mapAsync', options);
  const concurrency = checkWhole('mapAsync', 'concurrency', options?.concurrency ?? 1, 1);
  const ordered = checkBoolean('mapAsync', 'ordered', options?.ordered ?? true);
  return ordered ? new Ordered(fn, concurrency, name) : new Unordered(fn, concurrency, name);
}

/** One item in the reorder window. */
interface Slot<U> {
  settled: boolean;
  value: U | undefined;
}

abstract class MapAsyncStage<T, U> extends Stream<{ in: T }, { out: U }> {
  private index = 0;
  protected readonly rejected = (err: unknown) => this.context!.fail(err);

  constructor(
    private readonly callback: (item: T, index: number) => U | PromiseLike<U>,
    protected readonly concurrency: number,
    name: string,
  ) {
    // Decoupled: while the output is full, items may still start, up to `concurrency`, so that work overlaps a slow consumer.
    super({ name, ins: ['in'], outs: ['out'], decoupled: true });
  }

  /** Items in the stage: in flight or waiting to be emitted. */
  protected abstract get load(): number;
  /** Pushes the results that may go now; true when some are left because the output is full. */
  protected abstract flush(out: Output<U>): boolean;
  protected abstract start(result: U | PromiseLike<U>): void;

  override run(ins: Inputs<{ in: T }>, outs: Outputs<{ out: U }>): boolean {
    const input = ins.in;
    const out = outs.out;
    let blocked = this.flush(out);
    while (input.size > 0 && this.load < this.concurrency) {
      this.start(this.callback(input.pop(), this.index++));
      // A result that is ready at once (fn returned a plain value) leaves room for the next item.
      blocked = this.flush(out);
    }
    // Run again only for results blocked by a full output; results still in flight wake the stage when they settle.
    return blocked;
  }

  protected hold(promise: PromiseLike<U>, settle: (value: U) => void): void {
    this.context!.hold();
    promise.then((value) => {
      settle(value);
      this.context!.release();
    }, this.rejected);
  }
}

class Ordered<T, U> extends MapAsyncStage<T, U> {
  private readonly window: Slot<U>[] = [];

  protected get load(): number {
    return this.window.length;
  }

  protected start(result: U | PromiseLike<U>): void {
    const slot: Slot<U> = { settled: false, value: undefined };
    this.window.push(slot);
    if (!isThenable(result)) {
      slot.settled = true;
      slot.value = result;
      return;
    }
    this.hold(result, (value) => {
      slot.settled = true;
      slot.value = value;
    });
  }

  protected flush(out: Output<U>): boolean {
    const window = this.window;
    while (window.length > 0 && window[0].settled) {
      if (out.full) return true;
      out.push(window.shift()!.value as U);
    }
    return false;
  }
}

class Unordered<T, U> extends MapAsyncStage<T, U> {
  private inFlight = 0;
  private readonly ready: U[] = [];
  private readonly settle = (value: U) => {
    this.inFlight--;
    this.ready.push(value);
  };

  protected get load(): number {
    return this.inFlight + this.ready.length;
  }

  protected start(result: U | PromiseLike<U>): void {
    if (!isThenable(result)) {
      this.ready.push(result);
      return;
    }
    this.inFlight++;
    this.hold(result, this.settle);
  }

  protected flush(out: Output<U>): boolean {
    const ready = this.ready;
    while (ready.length > 0) {
      if (out.full) return true;
      out.push(ready.shift()!);
    }
    return false;
  }
}

import type { Inputs } from '../types';
import { Stream } from '../stream';
import { checkFunction, checkWhole, stageOptions, type StageOptions } from './check';
import { adopt, isNative, thenOf } from '../thenable';
import { Supervisor, checkSupervision, type RetryOptions, type SupervisionOptions } from './supervision';

/** Options of {@link forEach}. */
export interface ForEachOptions<T = any> extends StageOptions, SupervisionOptions<T> {
  /** How many promises returned by `fn` may be in flight at once (default 1). */
  concurrency?: number;
  /**
   * Calls `fn` again for an item whose call threw or rejected, after a
   * back-off on the workflow's clock (virtual time under a TestScheduler);
   * an item waiting for its retry counts against `concurrency`. Once the
   * attempts are spent, `onError` decides. See `mapAsync`'s `retry`.
   */
  retry?: RetryOptions;
}

/**
 * A sink that calls `fn` with every item. When `fn` returns a promise, the
 * sink waits for it: at most `concurrency` (default 1) promises are in flight,
 * and no more items are taken until one settles, which back-pressures upstream.
 *
 * - consumes when: an item arrives and fewer than `concurrency` promises are in flight
 * - back-pressures when: `concurrency` promises are in flight
 * - completes when: the input is done and every promise has settled
 * - cancels when: never (a sink)
 * - fails when: `fn` throws or its promise rejects (the error names the stage), once `retry`'s
 *   attempts are spent, unless `onError` says `'skip'`: then the item is dropped, counted as
 *   `skipped` in `metrics$`
 *
 * ```
 * in: -1-2-3|
 * fn:  1 2 3        forEach(print); with an async fn, 2 waits for 1 to settle
 * ```
 *
 * @example
 * ```ts
 * numbers.pipe(workflow.addStream(forEach(async (x: number) => { await save(x); })));
 * ```
 */
export function forEach<T>(
  fn: (item: T, index: number) => unknown,
  options?: ForEachOptions<T>,
): Stream<{ in: T }, {}> {
  checkFunction('forEach', 'fn', fn, 'forEach((x) => console.log(x))');
  const checked = stageOptions('forEach', options, ['concurrency', 'onError', 'retry']);
  const concurrency = checkWhole('forEach', 'concurrency', checked.concurrency ?? 1, 1);
  const supervision = checkSupervision<T>('forEach', checked, true);
  const stage = new ForEach(fn, concurrency, checked.name);
  if (supervision !== null) stage.supervise(new Supervisor(checked.name, fn, supervision, () => stage.context!));
  return stage;
}

class ForEach<T> extends Stream<{ in: T }, {}> {
  private index = 0;
  private inFlight = 0;
  private readonly settled = () => {
    this.inFlight--;
    this.context!.release();
  };
  /** As `settled`, for a native Promise: its callback runs under no stream's code, so the loop may run at once. */
  private readonly settledNow = () => {
    this.settled();
    this.context!.wakeNow!();
  };
  private readonly rejected = (err: unknown) => this.context!.fail(err);

  /** With `onError` or `retry`: calls `fn` in place of the stage, and keeps the items waiting for a retry. */
  private supervisor: Supervisor<T, unknown> | null = null;

  constructor(
    private callback: (item: T, index: number) => unknown,
    private readonly concurrency: number,
    name: string,
  ) {
    super({ name, ins: ['in'] });
  }

  supervise(supervisor: Supervisor<T, unknown>): void {
    this.supervisor = supervisor;
    this.callback = (item, index) => supervisor.call(item, index);
  }

  override run(ins: Inputs<{ in: T }>): void {
    const input = ins.in;
    const fn = this.callback;
    if (this.supervisor !== null) this.supervisor.runDue();
    // Nothing arrives while this runs: read the size once.
    let index = this.index;
    for (let left = input.size; left > 0 && this.inFlight < this.concurrency; left--) {
      const result = fn(input.pop(), index++);
      const then = thenOf(result);
      if (then !== null) {
        // The run returns at once; the held promise keeps the workflow alive and wakes this sink when it settles.
        this.inFlight++;
        this.context!.hold();
        adopt(result, then, isNative(then) ? this.settledNow : this.settled, this.rejected);
      }
    }
    this.index = index;
  }
}

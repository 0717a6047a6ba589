import type { Ending, Inputs, Input, Output, Outputs } from '../types';
import { Stream, describe } from '../stream';
import { WiringError } from '../errors';
import { checkKnownKeys } from '../options';
import { stageOptions, type StageOptions } from './check';

/**
 * The callbacks of {@link tap}, each optional, as RxJS's `TapObserver`: an
 * RxJS `Observer` (a `Subject` too) fits.
 */
export interface TapObserver<T> {
  /** Each item (and its index), before it is passed on. */
  next?: ((item: T, index: number) => void) | null;
  /** The stage ends `failed`: the error as thrown (by upstream, or by whatever failed the run). */
  error?: ((err: any) => void) | null;
  /** The input is done and every item was passed on. */
  complete?: (() => void) | null;
  /** The stage runs for the first time (its first item arrived, or its input closed). */
  subscribe?: (() => void) | null;
  /** The stage ends before its input completed or failed: downstream cancelled, the run was aborted, or `next` threw. */
  unsubscribe?: (() => void) | null;
  /** Once, at any end, after the others. */
  finalize?: (() => void) | null;
}

const CALLBACKS = ['next', 'error', 'complete', 'subscribe', 'unsubscribe', 'finalize'] as const;

/**
 * Calls `fn` with every item (for a side effect such as logging) and emits the
 * item unchanged; or, given an observer, also hears how the stage begins and
 * ends, as RxJS's `tap` does: `subscribe()` when it first runs, `next(item)`
 * before each item is passed on, then `complete()` when its input is done,
 * `error(err)` when it ends failed (the error as thrown), or `unsubscribe()`
 * when it ends early (downstream cancelled, the run aborted); `finalize()` last,
 * at any end. A callback that throws fails the stage, and RxJS's rule follows:
 * `error` hears only failures it did not raise itself. A stage that never ran
 * calls nothing.
 *
 * - emits when: an item arrives and the output has room
 * - back-pressures when: the output is full
 * - completes when: the input is done
 * - cancels when: the output is cancelled
 * - fails when: a callback throws (the error names the stage)
 *
 * ```
 * in:  -1-2|
 * out: -1-2|       tap(console.log) logs 1, 2
 * ```
 *
 * @example
 * ```ts
 * numbers.pipe(workflow.addStream(tap((x: number) => console.log('saw', x))));
 * rows.pipe(workflow.addStream(tap({ subscribe: () => timer.start(), finalize: () => timer.stop() })));
 * ```
 */
export function tap<T>(
  fnOrObserver: ((item: T, index: number) => void) | TapObserver<T>,
  options?: StageOptions,
): Stream<{ in: T }, { out: T }> {
  const observer = typeof fnOrObserver === 'function' ? { next: fnOrObserver } : checkObserver(fnOrObserver);
  return new Tap(observer, stageOptions('tap', options).name);
}

function checkObserver<T>(observer: TapObserver<T>): TapObserver<T> {
  if (observer === null || typeof observer !== 'object') {
    throw new WiringError(
      `tap(fnOrObserver): expected a function or an observer such as { next, complete }; got ${describe(observer)}. ` +
        'For example: tap((x) => console.log(x)).',
    );
  }
  // An object literal is checked for misspelt callbacks; an Observer instance (a Subject…) has other members too.
  const proto: unknown = Object.getPrototypeOf(observer);
  if (proto === null || proto === Object.prototype) checkKnownKeys(observer, CALLBACKS, 'tap(observer)');
  for (const key of CALLBACKS) {
    const callback: unknown = observer[key];
    if (callback != null && typeof callback !== 'function') {
      throw new WiringError(`tap(observer): ${key} must be a function; got ${describe(callback)}.`);
    }
  }
  return observer;
}

/**
 * Where the stage is in its life, for the callbacks still due: not run yet;
 * `subscribe` threw (nothing more is called, as in RxJS); running; `next`
 * threw (`unsubscribe` is due); `complete` called (only `finalize` is due).
 */
type Phase = 'idle' | 'refused' | 'open' | 'threw' | 'completed';

class Tap<T> extends Stream<{ in: T }, { out: T }> {
  private index = 0;
  private phase: Phase = 'idle';

  constructor(
    private readonly observer: TapObserver<T>,
    name: string,
  ) {
    super({ name, ins: ['in'], outs: ['out'] });
  }

  override run(ins: Inputs<{ in: T }>, outs: Outputs<{ out: T }>): boolean {
    if (this.phase === 'idle') {
      this.phase = 'refused';
      this.observer.subscribe?.();
      this.phase = 'open';
    }
    const input = ins.in;
    const out = outs.out;
    if (out.full) return true;
    if (input.size > 0) this.pass(input, out);
    if (input.done) {
      // As in RxJS: once complete is called, a throw from it leaves only finalize due.
      this.phase = 'completed';
      this.observer.complete?.();
    }
    return false;
  }

  private pass(input: Input<T>, out: Output<T>): void {
    const observer = this.observer;
    const next = observer.next;
    if (next == null) {
      for (let left = input.size; left > 0; left--) if (!out.push(input.pop())) return;
      return;
    }
    // Nothing arrives while this runs: read the size once, and keep the index in a local.
    let index = this.index;
    try {
      for (let left = input.size; left > 0; left--) {
        const item = input.pop();
        next.call(observer, item, index++);
        if (!out.push(item)) break;
      }
    } catch (err) {
      this.phase = 'threw';
      throw err;
    }
    this.index = index;
  }

  override finalize(ending: Ending): void {
    const phase = this.phase;
    if (phase === 'idle' || phase === 'refused') return;
    const observer = this.observer;
    try {
      if (phase === 'threw' || (phase === 'open' && (ending.reason === 'cancelled' || ending.reason === 'aborted'))) {
        observer.unsubscribe?.();
      } else if (phase === 'open' && ending.reason === 'failed') {
        observer.error?.(ending.error);
      }
    } finally {
      observer.finalize?.();
    }
  }
}

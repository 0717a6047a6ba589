/**
 * Supervision of the user-function stages (`map`, `filter`, `mapAsync`,
 * `forEach`): what a failing call of `fn` does to the run. `onError` decides
 * whether a failure fails the workflow (the default) or drops the item
 * (counted as `skipped` in metrics); `retry` calls `fn` again for the same
 * item after a back-off on the workflow's clock (`context.wakeAfter`, so in
 * virtual time under a TestScheduler), before `onError` is asked.
 */
import type { StreamContext } from '../types';
import { MimoError, WiringError } from '../errors';
import { describe } from '../describe';
import { checkKnownKeys } from '../options';
import { adopt, thenOf } from '../thenable';
import { Alarm } from './time';

/** What happens to an item whose call of `fn` failed: fail the workflow, or drop the item and go on. */
export type Decision = 'fail' | 'skip';

/**
 * A supervision decision: `'fail'` (the default: the workflow fails with the
 * error as thrown), `'skip'` (the item is dropped, counted as `skipped` in
 * `metrics$`), or a function of the error and the item that returns either.
 * A function that throws fails the workflow with what it threw.
 */
export type OnError<T> = Decision | ((err: unknown, item: T) => Decision);

/** Options of the user-function stages that accept supervision. */
export interface SupervisionOptions<T> {
  /** What a failing call of `fn` does (default `'fail'`); see {@link OnError}. */
  onError?: OnError<T>;
}

/** How long to wait before each retry: exponential, capped, with optional jitter. */
export interface Backoff {
  /** Wait before the first retry, in ms of the workflow's clock (default 100). */
  min?: number;
  /** Most wait before a retry, before jitter (default 10 000). */
  max?: number;
  /** Each retry waits `factor` times longer than the one before (default 2; at least 1). */
  factor?: number;
  /**
   * Up to this fraction is added at random to each wait (default 0, between 0
   * and 1): the wait is `min(max, min·factorⁿ) · (1 + jitter · random())`, as
   * in Akka's `RestartSource.withBackoff` (`randomFactor`).
   */
  jitter?: number;
}

/** Options of `retry` on `mapAsync` and `forEach`. */
export interface RetryOptions {
  /** Calls of `fn` per item at most, the first included (at least 1; 1 never retries). */
  attempts: number;
  /** The waits between attempts (see {@link Backoff}). */
  backoff?: Backoff;
  /** The source of jitter, returning a number in [0, 1) (default `Math.random`): pass a fixed one for reproducible runs. */
  random?: () => number;
}

/** Options of a supervised stage, once checked. */
export interface Supervision<T> {
  readonly onError: OnError<T>;
  readonly retry: CheckedRetry | null;
}

interface CheckedRetry {
  readonly attempts: number;
  readonly min: number;
  readonly max: number;
  readonly factor: number;
  readonly jitter: number;
  readonly random: () => number;
}

/** A result that stands for an item dropped by supervision: the stage emits nothing for it. */
export const SKIP: unique symbol = Symbol('skip');
export type Skip = typeof SKIP;

/** Checks `onError` (and `retry`, when `withRetry`); `null` when neither is given, so that the stage keeps its plain path. */
export function checkSupervision<T>(
  stage: string,
  options: { onError?: unknown; retry?: unknown },
  withRetry: boolean,
): Supervision<T> | null {
  const onError = options.onError ?? 'fail';
  if (onError !== 'fail' && onError !== 'skip' && typeof onError !== 'function') {
    throw new WiringError(
      `${stage}({ onError }): onError must be 'fail', 'skip' or a function (err, item) => 'fail' | 'skip'; got ${describe(onError)}.`,
    );
  }
  const retry = withRetry && options.retry !== undefined ? checkRetry(stage, options.retry) : null;
  if (onError === 'fail' && retry === null) return null;
  return { onError: onError as OnError<T>, retry };
}

function checkRetry(stage: string, retry: unknown): CheckedRetry {
  if (retry === null || typeof retry !== 'object' || Array.isArray(retry)) {
    throw new WiringError(
      `${stage}({ retry }): retry must be an object such as { attempts: 3, backoff: { min: 100, max: 5000 } }; got ${describe(retry)}.`,
    );
  }
  checkKnownKeys(retry, ['attempts', 'backoff', 'random'], `${stage}({ retry })`);
  const r = retry as RetryOptions;
  const attempts = r.attempts;
  if (typeof attempts !== 'number' || !Number.isInteger(attempts) || attempts < 1) {
    throw new WiringError(
      `${stage}({ retry: { attempts } }): attempts (calls of fn per item, the first included) must be a whole number, at least 1; got ${describe(attempts)}.`,
    );
  }
  const backoff: unknown = r.backoff ?? {};
  if (backoff === null || typeof backoff !== 'object' || Array.isArray(backoff)) {
    throw new WiringError(
      `${stage}({ retry: { backoff } }): backoff must be an object such as { min: 100, max: 5000, factor: 2, jitter: 0.2 }; got ${describe(backoff)}.`,
    );
  }
  checkKnownKeys(backoff, ['min', 'max', 'factor', 'jitter'], `${stage}({ retry: { backoff } })`);
  const b = backoff as Backoff;
  const number = (key: keyof Backoff, value: unknown, low: number, high: number, what: string): number => {
    if (typeof value !== 'number' || !Number.isFinite(value) || value < low || value > high) {
      throw new WiringError(
        `${stage}({ retry: { backoff: { ${key} } } }): ${key} must be ${what}; got ${describe(value)}.`,
      );
    }
    return value;
  };
  const min = number('min', b.min ?? 100, 0, Infinity, 'a number of milliseconds, at least 0');
  const max = number(
    'max',
    b.max ?? Math.max(min, 10_000),
    min,
    Infinity,
    `a number of milliseconds, at least min (${min})`,
  );
  const factor = number('factor', b.factor ?? 2, 1, Infinity, 'a number, at least 1');
  const jitter = number('jitter', b.jitter ?? 0, 0, 1, 'a number between 0 and 1');
  const random = r.random ?? Math.random;
  if (typeof random !== 'function') {
    throw new WiringError(
      `${stage}({ retry: { random } }): random must be a function returning a number in [0, 1); got ${describe(random)}.`,
    );
  }
  return { attempts, min, max, factor, jitter, random };
}

/** The wait before retry number `n` (1 for the first). */
export function backoffDelay(retry: CheckedRetry, n: number): number {
  const base = Math.min(retry.max, retry.min * Math.pow(retry.factor, n - 1));
  if (retry.jitter === 0) return base;
  const r = retry.random();
  return base * (1 + retry.jitter * (r >= 0 && r < 1 ? r : 0));
}

/** Asks `onError` about a failure: `'skip'` or `'fail'`; throws what a deciding function threw, or a MimoError for a wrong answer. */
export function decide<T>(stage: string, onError: OnError<T>, err: unknown, item: T): Decision {
  if (typeof onError !== 'function') return onError;
  const decision = onError(err, item);
  if (decision !== 'fail' && decision !== 'skip') {
    throw new MimoError(`${stage}: onError returned ${describe(decision)}; return 'fail' or 'skip'.`);
  }
  return decision;
}

/** A promise made by hand, settled by whichever attempt ends the item's calls. */
class Deferred<U> {
  resolve!: (value: U | Skip) => void;
  reject!: (err: unknown) => void;
  readonly promise = new Promise<U | Skip>((resolve, reject) => {
    this.resolve = resolve;
    this.reject = reject;
  });
}

/** An item waiting for its next call of `fn`. */
interface Waiting<T, U> {
  readonly item: T;
  readonly index: number;
  /** The attempt to make (2 for the first retry). */
  readonly attempt: number;
  readonly due: number;
  readonly result: Deferred<U>;
}

/**
 * Calls an async stage's `fn` under supervision. `call` returns what the
 * stage adopts in place of `fn`'s result: a value, `SKIP`, or a promise of
 * either that rejects only when the workflow is to fail. Items waiting for a
 * retry stay in the stage (they count against its concurrency); the stage
 * calls `runDue` at the start of each run, and an alarm on the workflow's
 * clock runs it when the next retry is due.
 */
export class Supervisor<T, U> {
  private readonly waiting: Waiting<T, U>[] = [];
  private readonly alarm = new Alarm();

  constructor(
    private readonly stage: string,
    private readonly fn: (item: T, index: number) => U | PromiseLike<U>,
    private readonly supervision: Supervision<T>,
    private readonly context: () => StreamContext,
  ) {}

  /** Items waiting for a retry. */
  get retrying(): number {
    return this.waiting.length;
  }

  call(item: T, index: number): U | Skip | PromiseLike<U | Skip> {
    return this.attempt(item, index, 1, null);
  }

  /** Makes the calls whose retry is due, and sets the alarm for the next. */
  runDue(): void {
    const waiting = this.waiting;
    if (waiting.length === 0) return;
    const now = this.context().now();
    for (let i = 0; i < waiting.length;) {
      const w = waiting[i];
      if (w.due <= now) {
        waiting.splice(i, 1);
        this.attempt(w.item, w.index, w.attempt, w.result);
      } else i++;
    }
    this.setAlarm();
  }

  private setAlarm(): void {
    if (this.waiting.length === 0) {
      this.alarm.clear();
      return;
    }
    let next = Infinity;
    for (const w of this.waiting) if (w.due < next) next = w.due;
    this.alarm.set(this.context(), next);
  }

  private attempt(item: T, index: number, n: number, result: Deferred<U> | null): U | Skip | PromiseLike<U | Skip> {
    let value: U | PromiseLike<U>;
    try {
      value = this.fn(item, index);
    } catch (err) {
      return this.failed(err, item, index, n, result);
    }
    const then = thenOf(value);
    if (then === null) {
      if (result === null) return value as U;
      result.resolve(value as U);
      return result.promise;
    }
    const settle = result ?? new Deferred<U>();
    adopt(value, then, settle.resolve as (v: unknown) => void, (err) => {
      try {
        this.failed(err, item, index, n, settle);
      } catch (thrown) {
        settle.reject(thrown);
      }
    });
    return settle.promise;
  }

  /** Attempt `n` failed: retry later, skip or fail (throwing, or rejecting `result`). */
  private failed(
    err: unknown,
    item: T,
    index: number,
    n: number,
    result: Deferred<U> | null,
  ): U | Skip | PromiseLike<U | Skip> {
    const retry = this.supervision.retry;
    if (retry !== null && n < retry.attempts) {
      const settle = result ?? new Deferred<U>();
      const context = this.context();
      this.waiting.push({ item, index, attempt: n + 1, due: context.now() + backoffDelay(retry, n), result: settle });
      this.setAlarm();
      return settle.promise;
    }
    let decision: Decision;
    try {
      decision = decide(this.stage, this.supervision.onError, err, item);
    } catch (thrown) {
      if (result === null) throw thrown;
      result.reject(thrown);
      return result.promise;
    }
    if (decision === 'skip') {
      this.context().skipped();
      if (result === null) return SKIP;
      result.resolve(SKIP);
      return result.promise;
    }
    if (result === null) throw err;
    result.reject(err);
    return result.promise;
  }
}

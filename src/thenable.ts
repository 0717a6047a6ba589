/**
 * Thenables as Promises/A+ (2.3.3) treats them: `then` is read once, a getter
 * that throws is a rejection, and of the two callbacks only the first call of
 * either counts; a `then` that throws after calling one is ignored. A
 * thenable is user code, so it is trusted to settle at most once by nobody.
 */

const nativeThen = Promise.prototype.then as (this: Promise<unknown>, a: unknown, b: unknown) => unknown;

/** What {@link thenOf} found: the `then` function, none, or the error its getter threw. */
export type ThenLookup =
  { readonly then: (onFulfilled: unknown, onRejected: unknown) => unknown } | null | { readonly threw: unknown };

/** Reads `value.then` once; `null` when `value` is not a thenable. */
export function thenOf(value: unknown): ThenLookup {
  if (value === null || (typeof value !== 'object' && typeof value !== 'function')) return null;
  let then: unknown;
  try {
    then = (value as { then?: unknown }).then;
  } catch (threw) {
    return { threw };
  }
  return typeof then === 'function' ? { then: then as (a: unknown, b: unknown) => unknown } : null;
}

/**
 * The thenable is a native Promise: it calls back once, later, from a
 * microtask of its own, with no stream's code on the stack beneath it.
 */
export function isNative(lookup: ThenLookup): boolean {
  return lookup !== null && 'then' in lookup && lookup.then === nativeThen;
}

/**
 * Subscribes to a thenable whose `then` was read by {@link thenOf}: exactly
 * one of `onValue` and `onError` is called, once, now or later.
 */
export function adopt(
  thenable: unknown,
  lookup: ThenLookup,
  onValue: (value: unknown) => void,
  onError: (err: unknown) => void,
): void {
  if (lookup === null) {
    onValue(thenable);
    return;
  }
  if ('threw' in lookup) {
    onError(lookup.threw);
    return;
  }
  if (lookup.then === nativeThen) {
    // A native Promise settles once and never calls back synchronously: no guard needed.
    try {
      nativeThen.call(thenable as Promise<unknown>, onValue, onError);
    } catch (err) {
      // Promise.prototype.then borrowed by something that is not a Promise.
      onError(err);
    }
    return;
  }
  let called = false;
  try {
    lookup.then.call(
      thenable,
      (value: unknown) => {
        if (called) return;
        called = true;
        onValue(value);
      },
      (err: unknown) => {
        if (called) return;
        called = true;
        onError(err);
      },
    );
  } catch (err) {
    if (called) return;
    called = true;
    onError(err);
  }
}

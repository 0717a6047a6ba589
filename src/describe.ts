/**
 * Words for values in messages. Any value may be thrown or passed where it
 * does not belong, including a null-prototype object, a Proxy whose every
 * trap throws, or an Error whose `message` getter throws: describing it must
 * never throw in turn, or a failure would crash the process instead of
 * failing the run.
 */

/** A short, safe description of a value for error messages. */
export function describe(value: unknown): string {
  try {
    if (typeof value === 'string') return JSON.stringify(value);
    if (typeof value === 'function') return `function ${nameOf(value) || '(anonymous)'}`;
    if (typeof value === 'symbol') return value.toString();
    if (value === null || typeof value !== 'object') return String(value);
    if (Array.isArray(value)) return `an array of ${value.length}`;
    const proto: unknown = Object.getPrototypeOf(value);
    if (proto === null) return 'an object with no prototype';
    const ctor = (value as { constructor?: unknown }).constructor;
    const name = typeof ctor === 'function' ? nameOf(ctor) : '';
    return name && ctor !== Object ? `an instance of ${name}` : 'an object';
  } catch {
    return 'a value that cannot be described';
  }
}

/**
 * The message of a thrown value: an Error's `message`, a string as it is, or
 * else the value's description. Never throws.
 */
export function messageOf(err: unknown): string {
  try {
    if (typeof err === 'string') return err;
    if (err instanceof Error) {
      const message: unknown = err.message;
      if (typeof message === 'string') return message;
      return describe(err);
    }
    if (err === null || (typeof err !== 'object' && typeof err !== 'function')) return String(err);
    return describe(err);
  } catch {
    return describe(err);
  }
}

function nameOf(fn: unknown): string {
  try {
    const name: unknown = (fn as { name?: unknown }).name;
    return typeof name === 'string' ? name : '';
  } catch {
    return '';
  }
}

/**
 * How items cross a Redis stream: a codec turns a pack of items into one
 * string and back. The default is JSON, checked first: JSON.stringify would
 * quietly turn a Map into `{}`, drop a function and make NaN `null`, so an item
 * that would not come back as it went fails the run instead, naming its type
 * and where in the item the culprit is.
 */
import { describe } from '../describe';

/** Turns a pack of items into a string and back; `encode` throws when an item cannot be encoded. */
export interface Codec {
  encode(items: readonly unknown[]): string;
  decode(text: string): unknown[];
}

/** Why `value` (at `path` of an item) would not survive JSON, or `null` when it would. */
function notJson(value: unknown, path: string, seen: Set<object>): string | null {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return null;
    case 'number':
      return Number.isFinite(value) ? null : `the number ${value}${at(path)}, which JSON turns into null`;
    case 'object':
      break;
    default:
      return `a ${typeof value}${at(path)}, which JSON cannot carry`;
  }
  if (value === null) return null;
  if (seen.has(value)) return `a cycle${at(path)}, which JSON cannot carry`;
  const proto = Object.getPrototypeOf(value) as object | null;
  if (Array.isArray(value)) {
    if (proto !== Array.prototype) return `an array subclass${at(path)}, which arrives as a plain array`;
    seen.add(value);
    for (let i = 0; i < value.length; i++) {
      const why = notJson(value[i], `${path}[${i}]`, seen);
      if (why !== null) return why;
    }
    seen.delete(value);
    return null;
  }
  if (proto !== Object.prototype && proto !== null) {
    const name = (proto as { constructor?: { name?: unknown } }).constructor?.name;
    return `${typeof name === 'string' && name !== '' ? `a ${name}` : 'an instance of a class'}${at(path)}, which JSON cannot carry (it would arrive as a plain object or a string)`;
  }
  seen.add(value);
  for (const key of Object.keys(value)) {
    const why = notJson((value as Record<string, unknown>)[key], `${path}.${key}`, seen);
    if (why !== null) return why;
  }
  seen.delete(value);
  return null;
}

const at = (path: string) => (path === '' ? '' : ` at ${path}`);

/** The error for an item that cannot be encoded: its type, where, and the item. */
export class EncodeError extends TypeError {
  constructor(
    readonly item: unknown,
    readonly why: string,
  ) {
    super(`${describe(item)} holds ${why}`);
    this.name = 'EncodeError';
  }
}

/**
 * The default codec: JSON, with every item checked to come back as it went
 * (plain objects and arrays, strings, finite numbers, booleans, null).
 *
 * @example
 * ```ts
 * jsonCodec.encode([{ a: 1 }]); // '[{"a":1}]'
 * jsonCodec.encode([new Map()]); // throws: Map {} holds a Map, which JSON cannot carry …
 * ```
 */
export const jsonCodec: Codec = {
  encode(items) {
    const seen = new Set<object>();
    for (const item of items) {
      const why = notJson(item, '', seen);
      if (why !== null) throw new EncodeError(item, why);
    }
    return JSON.stringify(items);
  },
  decode(text) {
    return JSON.parse(text) as unknown[];
  },
};

/**
 * Argument checks and port-name helpers shared by the stages. Every check
 * throws a WiringError naming the stage and the argument, and saying how to fix it.
 */
import { WiringError } from '../errors';
import { describe } from '../describe';
import { checkKnownKeys } from '../options';

/** Options every stage accepts. */
export interface StageOptions {
  /** Shown in errors, diagnostics and pictures (default: the stage's name, e.g. `"map"`). */
  name?: string;
}

/** `Below[n]` is the union 0 | 1 | … | n-1, for counts up to 16. */
type Below = [
  never,
  0,
  0 | 1,
  0 | 1 | 2,
  0 | 1 | 2 | 3,
  0 | 1 | 2 | 3 | 4,
  0 | 1 | 2 | 3 | 4 | 5,
  0 | 1 | 2 | 3 | 4 | 5 | 6,
  0 | 1 | 2 | 3 | 4 | 5 | 6 | 7,
  0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8,
  0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9,
  0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10,
  0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10 | 11,
  0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10 | 11 | 12,
  0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10 | 11 | 12 | 13,
  0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10 | 11 | 12 | 13 | 14,
  0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10 | 11 | 12 | 13 | 14 | 15,
];

/** The port names `${P}0` … `${P}${N - 1}` for a literal count `N` up to 16 (any `${P}${number}` otherwise). */
export type Numbered<P extends string, N extends number> = N extends keyof Below & number
  ? `${P}${Below[N]}`
  : `${P}${number}`;

/**
 * Checks a stage's options and returns them with the stage's name filled in:
 * `options` must be `undefined` or a plain object whose keys are `name` or
 * one of `known`. Anything else — a number, an array, an instance of a class
 * (a `thisArg` meant for RxJS's `map`), a misspelt key — is a WiringError
 * naming the stage, the key, the closest option and the list.
 */
export function stageOptions<O extends StageOptions>(
  stage: string,
  options: O | undefined,
  known: readonly Exclude<keyof O & string, 'name'>[] = [],
  call = `${stage}(…, options)`,
): O & { readonly name: string } {
  if (options === undefined) return { name: stage } as O & { name: string };
  if (!isPlainObject(options)) {
    throw new WiringError(
      `${call}: options must be a plain object such as { name: '${stage}' }; got ${describe(options)}.` +
        (options !== null && typeof options === 'object' && !Array.isArray(options)
          ? ' A stage takes no thisArg: use an arrow function, or bind the function.'
          : ''),
    );
  }
  checkKnownKeys(options, ['name', ...known], call);
  const name: unknown = options.name ?? stage;
  if (typeof name !== 'string' || name.length === 0) {
    throw new WiringError(`${stage}(…, { name }): name must be a non-empty string; got ${describe(name)}.`);
  }
  return { ...options, name };
}

/** An object literal (or one without a prototype), of this realm or another: not an array, a function or a class instance. */
function isPlainObject(value: unknown): value is object {
  if (value === null || typeof value !== 'object') return false;
  try {
    const proto: unknown = Object.getPrototypeOf(value);
    return proto === null || Object.getPrototypeOf(proto) === null;
  } catch {
    return false; // a Proxy whose getPrototypeOf throws
  }
}

/** Checks that `value` is a function; `hint` shows a correct call. */
export function checkFunction(stage: string, arg: string, value: unknown, hint: string): void {
  if (typeof value !== 'function') {
    throw new WiringError(`${stage}(${arg}): ${arg} must be a function; got ${describe(value)}. For example: ${hint}.`);
  }
}

/** Checks a whole number at least `min`. */
export function checkWhole(stage: string, arg: string, value: unknown, min: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new WiringError(`${stage}(${arg}): ${arg} must be a whole number, at least ${min}; got ${describe(value)}.`);
  }
  return value;
}

/** Checks a boolean option. */
export function checkBoolean(stage: string, arg: string, value: unknown): boolean {
  if (typeof value !== 'boolean') {
    throw new WiringError(`${stage}({ ${arg} }): ${arg} must be true or false; got ${describe(value)}.`);
  }
  return value;
}

/** Checks a finite number. */
export function checkFinite(stage: string, arg: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new WiringError(`${stage}(${arg}): ${arg} must be a finite number; got ${describe(value)}.`);
  }
  return value;
}

/** Checks one of a list of allowed strings. */
export function checkOneOf<T extends string>(stage: string, arg: string, value: unknown, allowed: readonly T[]): T {
  if (!allowed.includes(value as T)) {
    const list = allowed.map((a) => `'${a}'`).join(', ');
    throw new WiringError(`${stage}(${arg}): ${arg} must be one of ${list}; got ${describe(value)}.`);
  }
  return value as T;
}

/**
 * Port names from a list of names or a count `n` (giving `${prefix}0` … `${prefix}${n-1}`):
 * at least `min`, non-empty, unique.
 */
export function portNames(stage: string, arg: string, spec: unknown, prefix: string, min: number): string[] {
  if (typeof spec === 'number') {
    const n = checkWhole(stage, arg, spec, min);
    return Array.from({ length: n }, (_, i) => `${prefix}${i}`);
  }
  if (!Array.isArray(spec)) {
    throw new WiringError(
      `${stage}(${arg}): expected an array of port names such as ['a', 'b'], or a count n for ${prefix}0…; got ${describe(spec)}.`,
    );
  }
  if (spec.length < min) {
    throw new WiringError(
      `${stage}(${arg}): expected at least ${min} port name${min === 1 ? '' : 's'}; got ${spec.length}.`,
    );
  }
  const seen = new Set<string>();
  for (const n of spec) {
    if (typeof n !== 'string' || n.length === 0 || n === '__proto__') {
      throw new WiringError(`${stage}(${arg}): ${describe(n)} is not a valid port name; use non-empty strings.`);
    }
    if (seen.has(n))
      throw new WiringError(`${stage}(${arg}): the port "${n}" is named twice; port names must be unique.`);
    seen.add(n);
  }
  return [...spec];
}

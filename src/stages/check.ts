/**
 * Argument checks and port-name helpers shared by the stages. Every check
 * throws a WiringError naming the stage and the argument, and saying how to fix it.
 */
import { WiringError } from '../errors';
import { describe } from '../stream';

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

/** The stage's name from its options, checked. */
export function stageName(stage: string, options: StageOptions | undefined): string {
  if (options === undefined) return stage;
  if (options === null || typeof options !== 'object') {
    throw new WiringError(
      `${stage}(…, options): options must be an object such as { name: '${stage}' }; got ${describe(options)}.`,
    );
  }
  const name = options.name ?? stage;
  if (typeof name !== 'string' || name.length === 0) {
    throw new WiringError(`${stage}(…, { name }): name must be a non-empty string; got ${describe(name)}.`);
  }
  return name;
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

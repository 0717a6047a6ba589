/** A check shared by every options object: a misspelt option is an error, not silently ignored. */
import { WiringError } from './errors';
import { describe } from './describe';

/**
 * A WiringError naming the first key of `options` that is not in `known`,
 * with the closest known key as a suggestion; `undefined` when all are known.
 * The closest is the one fewest edits away (a swap of two neighbouring
 * letters is one edit; case is ignored), the earlier in `known` on a tie, and
 * only within a third of the key's length (at least one edit): `x` suggests
 * nothing rather than any two-letter option.
 */
export function unknownOption(options: object, known: readonly string[], where: string): WiringError | undefined {
  const key = Object.keys(options).find((k) => !known.includes(k));
  if (key === undefined) return undefined;
  const close = closest(key, known);
  return new WiringError(
    `${where}: unknown option "${key}"${close ? `; did you mean "${close}"?` : '.'} ` +
      `The options are: ${known.join(', ')}.`,
  );
}

/** Throws the error of {@link unknownOption}, if any. */
export function checkKnownKeys(options: object, known: readonly string[], where: string): void {
  const error = unknownOption(options, known, where);
  if (error !== undefined) throw error;
}

/**
 * Checks an options argument: `undefined` (none given) or an object whose
 * keys are all in `known`. Returns the options, `{}` when none were given.
 */
export function checkOptions<O extends object>(options: O | undefined, known: readonly string[], where: string): O {
  if (options === undefined) return {} as O;
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new WiringError(`${where}: options must be an object; got ${describe(options)}.`);
  }
  checkKnownKeys(options, known, where);
  return options;
}

/** The known name closest to `key`, if one is close enough to be a likely misspelling. */
function closest(key: string, known: readonly string[]): string | undefined {
  const k = key.toLowerCase();
  let best: string | undefined;
  let least = Math.max(1, Math.floor(key.length / 3)) + 1;
  for (const name of known) {
    const d = distance(k, name.toLowerCase());
    if (d < least) {
      best = name;
      least = d;
    }
  }
  return best;
}

/**
 * Edit distance between two short strings: insertions, deletions,
 * substitutions and swaps of two neighbouring letters each count one.
 */
function distance(a: string, b: string): number {
  let before: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        row[j] = Math.min(row[j], before[j - 2] + 1);
    }
    before = prev;
    prev = row;
  }
  return prev[b.length];
}

/** A check shared by every options object: a misspelt option is an error, not silently ignored. */
import { WiringError } from './errors';

/**
 * A WiringError naming the first key of `options` that is not in `known`,
 * with the closest known key as a suggestion; `undefined` when all are known.
 */
export function unknownOption(options: object, known: readonly string[], where: string): WiringError | undefined {
  const key = Object.keys(options).find((k) => !known.includes(k));
  if (key === undefined) return undefined;
  const close = known.find((k) => distance(k.toLowerCase(), key.toLowerCase()) <= 2);
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

/** Edit distance between two short strings (insertions, deletions, substitutions). */
function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = row;
  }
  return prev[b.length];
}

/**
 * Runs fast-check properties the same way in every reliability spec: a fixed
 * number of cases, a timeout per case that fails instead of hanging, and on
 * failure the seed and path with the command that replays exactly that case.
 */
import * as fc from 'fast-check';
import { describe } from '../../../src/describe';

/** A case as text; a value that cannot be printed (a Proxy whose traps throw) does not hide the failure. */
function show(value: unknown): string {
  try {
    return fc.stringify(value);
  } catch {
    return describe(value);
  }
}

/**
 * `name` is `FILE` or `FILE/what`, FILE being the spec file's name
 * (spec/reliability/FILE.spec.ts), which the replay command runs alone.
 * RELIABILITY_SEED / RELIABILITY_PATH replay one failure of the property
 * named by RELIABILITY_PROPERTY (any property when unset); RELIABILITY_RUNS
 * changes the number of cases.
 */
export async function assertProperty<T>(
  name: string,
  arb: fc.Arbitrary<T>,
  predicate: (value: T) => Promise<void>,
  numRuns: number,
): Promise<void> {
  const env = process.env;
  const replaying = env.RELIABILITY_PROPERTY === undefined || env.RELIABILITY_PROPERTY === name;
  const seed =
    replaying && env.RELIABILITY_SEED !== undefined
      ? Number(env.RELIABILITY_SEED)
      : Date.now() ^ (Math.random() * 0x7fffffff);
  const path = replaying ? env.RELIABILITY_PATH : undefined;
  const runs = env.RELIABILITY_RUNS !== undefined ? Number(env.RELIABILITY_RUNS) : numRuns;
  let first: string | undefined;
  const recorded = async (value: T) => {
    try {
      await predicate(value);
    } catch (err) {
      // A case that hangs leaves its run going; the first failure is the one to trust.
      first ??= `${err instanceof Error ? err.message : describe(err)}\n  in ${show(value)}`;
      throw err;
    }
  };
  const details = await fc.check(fc.asyncProperty(arb, recorded), { seed, path, numRuns: path ? 1 : runs });
  if (!details.failed) return;
  const replay =
    `RELIABILITY_PROPERTY=${name} RELIABILITY_SEED=${details.seed} RELIABILITY_PATH=${details.counterexamplePath} ` +
    `node build/spec/support/run.js reliability/${name.split('/')[0]}.spec`;
  const cause =
    details.errorInstance instanceof Error ? details.errorInstance.message : describe(details.errorInstance);
  throw new Error(
    `property "${name}" failed after ${details.numRuns} cases (seed ${details.seed}, path ${details.counterexamplePath}).\n` +
      `${cause}\nCounterexample: ${show(details.counterexample)}\nReplay it: ${replay}` +
      (first !== undefined && !first.startsWith(cause) ? `\nThe first failure, before shrinking: ${first}` : ''),
  );
}

/** Rejects when `promise` has not settled within `ms`: a hang fails the case instead of the suite. */
export function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not settle within ${ms} ms: the engine hangs`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Jasmine's limit for one property spec: its cases together, with room for shrinking a failure. */
export const PROPERTY_TIMEOUT = 120_000;

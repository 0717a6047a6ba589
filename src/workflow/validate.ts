/** Checks of the options given to a workflow, its pipes and its runs, each naming the option and how to fix it. */
import type { SchedulerLike } from 'rxjs';
import type { AbortSignalLike, PipeOptions, RunOptions } from '../types';
import { describe } from '../describe';
import { WiringError } from '../errors';
import { checkKnownKeys, unknownOption } from '../options';
import type { Connection } from '../connection';

/** Validates a capacity: a whole number of items, at least 1. */
export function checkCapacity(value: unknown, where: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new WiringError(
      `${where}: capacity must be a whole number of items, at least 1; got ${describe(value)}. ` +
        'A bounded buffer is what keeps memory bounded; choose e.g. 16 or 64.',
    );
  }
  return value;
}

/** Every output piped into one input shares its buffer: a second, different capacity is a mistake. */
export function checkSharedCapacity(conn: Connection<unknown>, capacity: number | undefined): void {
  if (capacity === undefined || !conn.capacityGiven || conn.capacity === capacity) return;
  throw new WiringError(
    `pipe(): ${conn.label} was given capacity ${conn.capacity} by an earlier pipe and ${capacity} now; ` +
      'every output piped into one input shares its buffer, so give one capacity.',
  );
}

export function checkPipeOptions(options: PipeOptions): number | undefined {
  if (options === null || typeof options !== 'object') {
    throw new WiringError(`pipe(to, options): options must be an object; got ${describe(options)}.`);
  }
  checkKnownKeys(options, ['capacity'], 'pipe(to, options)');
  return options.capacity === undefined ? undefined : checkCapacity(options.capacity, 'pipe(to, { capacity })');
}

export function checkRunOptions(options: RunOptions): WiringError | undefined {
  if (options === null || typeof options !== 'object') {
    return new WiringError(`run(options): options must be an object; got ${describe(options)}.`);
  }
  const unknown = unknownOption(options, ['signal'], 'run(options)');
  if (unknown !== undefined) return unknown;
  const signal = options.signal as Partial<AbortSignalLike> | null | undefined;
  if (signal === undefined) return undefined;
  if (
    signal === null ||
    typeof signal !== 'object' ||
    typeof signal.addEventListener !== 'function' ||
    typeof signal.removeEventListener !== 'function'
  ) {
    return new WiringError(`run({ signal }): expected an AbortSignal; got ${describe(signal)}.`);
  }
  return undefined;
}

/** Validates a scheduler: anything RxJS accepts as a SchedulerLike. */
export function checkScheduler(scheduler: SchedulerLike | undefined): SchedulerLike | undefined {
  if (
    scheduler !== undefined &&
    (scheduler === null || typeof scheduler.schedule !== 'function' || typeof scheduler.now !== 'function')
  ) {
    throw new WiringError(
      `new Workflow({ scheduler }): expected an RxJS SchedulerLike (with schedule() and now()); got ${describe(scheduler)}.`,
    );
  }
  return scheduler;
}

/** Validates the runs per slice: a whole number, at least 1. */
export function checkRunsPerSlice(runs: unknown): number {
  if (typeof runs !== 'number' || !Number.isInteger(runs) || runs < 1) {
    throw new WiringError(
      `new Workflow({ runsPerSlice }): expected a whole number of stream runs, at least 1; got ${describe(runs)}.`,
    );
  }
  return runs;
}

/** Validates `strict`: a boolean, so that a string such as `'yes'` is not read as "not strict". */
export function checkStrict(strict: unknown): boolean {
  if (strict !== undefined && typeof strict !== 'boolean') {
    throw new WiringError(
      `new Workflow({ strict }): expected true or false; got ${describe(strict)}. ` +
        'Pass strict: true to throw when a stream pushes into a full connection, or leave it out.',
    );
  }
  return strict === true;
}

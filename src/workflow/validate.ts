/** Checks of the options given to a workflow, its pipes and its runs, each naming the option and how to fix it. */
import type { SchedulerLike } from 'rxjs';
import type { AbortSignalLike, AddStreamOptions, PipeOptions, RunOptions } from '../types';
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
  checkKnownKeys(options, ['capacity', 'pack', 'window'], 'pipe(to, options)');
  for (const key of ['pack', 'window'] as const) {
    const value = options[key];
    if (value !== undefined && (typeof value !== 'number' || !Number.isInteger(value) || value < 1)) {
      throw new WiringError(`pipe(to, { ${key} }): expected a whole number, at least 1; got ${describe(value)}.`);
    }
  }
  return options.capacity === undefined ? undefined : checkCapacity(options.capacity, 'pipe(to, { capacity })');
}

/** The options of `addStream`: a placement, each part checked. */
export function checkPlacement(options: AddStreamOptions, stream: string): AddStreamOptions {
  const where = `addStream(${JSON.stringify(stream)}, options)`;
  if (options === null || typeof options !== 'object') {
    throw new WiringError(`${where}: options must be an object; got ${describe(options)}.`);
  }
  checkKnownKeys(options, ['worker', 'replicas', 'partitionBy'], where);
  const { worker, replicas, partitionBy } = options;
  if (worker !== undefined && (typeof worker !== 'string' || worker.length === 0 || worker.includes('#'))) {
    throw new WiringError(`${where}: worker must be a non-empty name without '#'; got ${describe(worker)}.`);
  }
  if (replicas !== undefined && (typeof replicas !== 'number' || !Number.isInteger(replicas) || replicas < 1)) {
    throw new WiringError(`${where}: replicas must be a whole number, at least 1; got ${describe(replicas)}.`);
  }
  if (partitionBy !== undefined && typeof partitionBy !== 'function') {
    throw new WiringError(`${where}: partitionBy must be a function of an item; got ${describe(partitionBy)}.`);
  }
  if (worker === undefined && (replicas !== undefined || partitionBy !== undefined)) {
    throw new WiringError(
      `${where}: replicas and partitionBy place a stream on a worker; name the worker too, e.g. { worker: 'cpu', replicas: 4 }.`,
    );
  }
  return options;
}

export function checkRunOptions(options: RunOptions): WiringError | undefined {
  if (options === null || typeof options !== 'object') {
    return new WiringError(`run(options): options must be an object; got ${describe(options)}.`);
  }
  const unknown = unknownOption(options, ['signal', 'transport'], 'run(options)');
  if (unknown !== undefined) return unknown;
  const transport = options.transport as { run?: unknown } | null | undefined;
  if (
    transport !== undefined &&
    (transport === null || typeof transport !== 'object' || typeof transport.run !== 'function')
  ) {
    return new WiringError(
      `run({ transport }): expected a transport such as threads({ module }) from rx-mimo/node; got ${describe(transport)}.`,
    );
  }
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

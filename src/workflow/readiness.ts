/**
 * What the run loop asks of a step before and after each run: may it run,
 * has it finished, and is what its run() returned an outcome. Plain loops,
 * not every() with a closure: these run after every run of every step.
 */
import type { RunOutcome } from '../types';
import type { Step } from './step';
import { MimoError } from '../errors';
import { describe } from '../stream';

/** A step can run when it has room for results: not all outputs full after new input, none full for a "run again". */
export function canRun(step: Step<any, any>): boolean {
  const outs = step.outputs;
  if (outs.length === 0) return true;
  if (step.signalled) {
    for (let i = 0; i < outs.length; i++) if (!outs[i].full) return true;
    return step.stream.decoupled;
  }
  for (let i = 0; i < outs.length; i++) if (outs[i].full) return false;
  return true;
}

export function allOutputsClosed(step: Step<any, any>): boolean {
  const outs = step.outputs;
  for (let i = 0; i < outs.length; i++) if (outs[i].state !== 'closed') return false;
  return true;
}

export function allInputsDone(step: Step<any, any>): boolean {
  const ins = step.inputs;
  for (let i = 0; i < ins.length; i++) if (!ins[i].done) return false;
  return true;
}

export function allInputsClosed(step: Step<any, any>): boolean {
  const ins = step.inputs;
  for (let i = 0; i < ins.length; i++) if (!ins[i].closed) return false;
  return true;
}

export function allOutputsCancelled(step: Step<any, any>): boolean {
  let connected = 0;
  for (const o of step.outputs) {
    if (o.conns.length === 0) continue;
    connected++;
    if (!o.cancelled) return false;
  }
  return connected > 0;
}

export function isOutcome(value: unknown): value is RunOutcome {
  return value === true || value === false || value === undefined || value === null;
}

export function badResult(value: unknown, verb = 'returned'): MimoError {
  return new MimoError(
    `run() ${verb} ${describe(value)}; it must return true (run me again when there is room), ` +
      'false or nothing (run me when new input arrives), or a Promise of one of those.',
  );
}

export function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

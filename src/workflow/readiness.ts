/**
 * What the run loop asks of a step before and after each run: may it run,
 * has it finished, and is what its run() returned an outcome. Plain loops,
 * not every() with a closure: these run after every run of every step.
 */
import type { RunOutcome } from '../types';
import { holdsInput, type Step } from './step';
import { MimoError } from '../errors';
import { describe } from '../describe';

/** A step can run when it has room for results: not all outputs full after new input, none full for a "run again". */
export function canRun(step: Step<any, any>): boolean {
  const outs = step.outputs;
  if (outs.length === 0) return true;
  if (step.signalled) {
    if (step.stream.everyOutput) return everyOutputHasRoom(step) || !holdsInput(step);
    for (let i = 0; i < outs.length; i++) if (!outs[i].full) return true;
    return step.stream.decoupled;
  }
  for (let i = 0; i < outs.length; i++) if (outs[i].full) return false;
  return true;
}

/** Whether new input would let a step run: it has an output with room (or none, or is decoupled). */
export function couldRunOnInput(step: Step<any, any>): boolean {
  const outs = step.outputs;
  if (outs.length === 0 || step.stream.decoupled) return true;
  if (step.stream.everyOutput) return everyOutputHasRoom(step);
  for (let i = 0; i < outs.length; i++) if (!outs[i].full) return true;
  return false;
}

function everyOutputHasRoom(step: Step<any, any>): boolean {
  const outs = step.outputs;
  for (let i = 0; i < outs.length; i++) if (outs[i].full) return false;
  return true;
}

/**
 * A count that grows whenever a step moves anything: items popped from or
 * discarded by its inputs, items pushed into or dropped by its connections,
 * outputs closed. Equal before and after a run: the run moved nothing.
 */
export function moved(step: Step<any, any>): number {
  let n = 0;
  const ins = step.inputs;
  for (let i = 0; i < ins.length; i++) n += ins[i].conn.received - ins[i].conn.size;
  const outs = step.outputs;
  for (let i = 0; i < outs.length; i++) {
    const o = outs[i];
    n += o.discarded + (o.state === 'closed' ? 1 : 0);
    for (let j = 0; j < o.conns.length; j++) n += o.conns[j].received + o.conns[j].dropped;
  }
  return n;
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

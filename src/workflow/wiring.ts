/**
 * Wiring a workflow: piping output ports into input ports (one bounded
 * connection per input, shared by every output piped into it) and grouping
 * inputs to be read in step. Every check runs before anything is connected,
 * so a rejected call leaves the workflow as it was.
 */
import type { PipeOptions } from '../types';
import { describe } from '../stream';
import { WiringError } from '../errors';
import { Step, InputRef, type OutputRef } from './step';
import type { Workflow } from './workflow';
import { checkPipeOptions, checkSharedCapacity } from './validate';
import type { Connection } from '../connection';
import type { OutputPort } from '../ports';

export function connect(workflow: Workflow, from: OutputRef<any>, to: InputRef<any>, options: PipeOptions): void {
  workflow.assertBuilding('pipe()');
  if (!(to instanceof InputRef)) {
    throw new WiringError(`pipe(): expected an input port of a step, such as step.input('name'); got ${describe(to)}.`);
  }
  assertOwn(workflow, from.step, 'pipe()');
  assertOwn(workflow, to.step, 'pipe()');
  const capacity = checkPipeOptions(options);
  const out = from.step.outputPort(from.name);
  const input = to.step.inputPort(to.name);
  const conn = input.conn;
  if (piped(out, conn)) {
    throw new WiringError(`pipe(): ${out.label} is already piped to ${conn.label}; pipe each pair of ports once.`);
  }
  checkSharedCapacity(conn, capacity);
  if (capacity !== undefined) {
    conn.capacity = capacity;
    conn.capacityGiven = true;
  }
  if (options.pack !== undefined) conn.pack = options.pack;
  if (options.window !== undefined) conn.window = options.window;
  out.connect(conn);
}

export function pipeSteps(workflow: Workflow, from: Step<any, any>, to: Step<any, any>, options: PipeOptions): void {
  workflow.assertBuilding('pipe()');
  assertOwn(workflow, from, 'pipe()');
  assertOwn(workflow, to, 'pipe()');
  const capacity = checkPipeOptions(options);
  const outs = from.stream.outs;
  const ins = to.stream.ins;
  let pairs: [string, string][];
  if (outs.length === 1 && ins.length === 1) pairs = [[outs[0], ins[0]]];
  else {
    const inputs = new Set(ins);
    pairs = outs.filter((o) => inputs.has(o)).map((o) => [o, o]);
  }
  if (pairs.length === 0) {
    const list = (names: readonly string[]) => (names.length ? names.map((n) => `"${n}"`).join(', ') : 'none');
    throw new WiringError(
      `pipe(): cannot match the ports of "${from.name}" (outputs ${list(outs)}) with "${to.name}" (inputs ${list(ins)}): ` +
        'step.pipe(other) needs one output and one input, or ports of equal names. ' +
        `Pipe ports explicitly: ${from.name}.output('…').pipe(${to.name}.input('…')).`,
    );
  }
  for (const [o, i] of pairs) {
    const conn = to.inputPort(i).conn;
    if (piped(from.outputPort(o), conn)) {
      throw new WiringError(
        `pipe(): ${from.name}.${o} is already piped to ${conn.label}; pipe each pair of ports once.`,
      );
    }
    // Every pair is checked before any is connected: a rejected pipe connects nothing.
    checkSharedCapacity(conn, capacity);
  }
  for (const [o, i] of pairs) connect(workflow, from.output(o), to.input(i), options);
}

export function synchronise(workflow: Workflow, step: Step<any, any>, names: readonly string[]): void {
  workflow.assertBuilding('synchronise()');
  const where = `synchronise() on "${step.name}"`;
  if (!Array.isArray(names) || names.length < 2) {
    throw new WiringError(`${where}: expected an array of at least two input names; got ${describe(names)}.`);
  }
  if (new Set(names).size !== names.length) {
    throw new WiringError(`${where}: an input is named twice in ${JSON.stringify(names)}.`);
  }
  const ports = names.map((n) => {
    step.input(n as never);
    return step.inputPort(n);
  });
  const grouped = new Set(step.groups.flat());
  for (const p of ports) {
    if (grouped.has(p)) {
      throw new WiringError(
        `${where}: input "${p.name}" is already in a sync group; an input can be in one group only.`,
      );
    }
  }
  step.groups.push(ports);
}

/** Whether `out` is already piped into `conn`: a look through the shorter of its two lists (fan-out or fan-in). */
function piped(out: OutputPort, conn: Connection): boolean {
  return out.conns.length <= conn.producers.length ? out.conns.includes(conn) : conn.producers.includes(out);
}

function assertOwn(workflow: Workflow, step: Step<any, any>, what: string): void {
  if (!(step instanceof Step) || step.workflow !== workflow) {
    throw new WiringError(
      `${what}: ${step instanceof Step ? `the step "${step.name}" belongs to another workflow` : `expected a step, got ${describe(step)}`}; ` +
        'pipe only steps returned by addStream() of the same workflow.',
    );
  }
}

import type { Workflow } from '../workflow/workflow';
import { InputRef, OutputRef } from '../workflow/step';
import { describe } from '../stream';
import { WiringError } from '../errors';

/** The ports of a workflow seen from outside: its open inputs and outputs, by name. */
export interface OpenPorts {
  readonly inputs: ReadonlyMap<string, InputRef<any>>;
  readonly outputs: ReadonlyMap<string, OutputRef<any>>;
}

const exposed = new WeakMap<Workflow, { inputs: Map<string, InputRef<any>>; outputs: Map<string, OutputRef<any>> }>();

/**
 * Names ports of a workflow for use from outside (`workflow.expose({...})`):
 * the inputs that `asOperator` / `toOperator` feed and the outputs they
 * return. Once anything is exposed, only exposed ports count as open.
 *
 * @example
 * ```ts
 * workflow.expose({ numbers: route.input('in'), even: route.output('even'), odd: route.output('odd') });
 * ```
 */
export function expose(workflow: Workflow, ports: Record<string, InputRef<any> | OutputRef<any>>): void {
  workflow.assertBuilding('expose()');
  if (ports === null || typeof ports !== 'object') {
    throw new WiringError(`expose(ports): expected an object of port references by name; got ${describe(ports)}.`);
  }
  const proto: unknown = Object.getPrototypeOf(ports);
  if (proto instanceof InputRef || proto instanceof OutputRef) {
    throw new WiringError(
      'expose(): `{ __proto__: ref }` sets the object\'s prototype instead of naming a port, so "__proto__" cannot be an exposed name; rename it.',
    );
  }
  const entries = Object.entries(ports);
  for (const [name] of entries) {
    if (name === '__proto__') {
      throw new WiringError(
        'expose(): "__proto__" cannot be an exposed name (it would be an object\'s prototype); rename it.',
      );
    }
  }
  let entry = exposed.get(workflow);
  if (entry === undefined) exposed.set(workflow, (entry = { inputs: new Map(), outputs: new Map() }));
  for (const [name, ref] of entries) {
    const isInput = ref instanceof InputRef;
    if (!isInput && !(ref instanceof OutputRef)) {
      throw new WiringError(
        `expose(): "${name}" must be a port reference such as step.input('in') or step.output('out'); got ${describe(ref)}.`,
      );
    }
    if (ref.step.workflow !== workflow) {
      throw new WiringError(`expose(): "${name}" is a port of "${ref.step.name}", a step of another workflow.`);
    }
    const map = isInput ? entry.inputs : entry.outputs;
    if (map.has(name))
      throw new WiringError(`expose(): the ${isInput ? 'input' : 'output'} name "${name}" is exposed twice.`);
    if (isInput && ref.step.inputPort(ref.name).conn.producers.length > 0) {
      throw new WiringError(
        `expose(): "${name}" (${ref.step.name}.${ref.name}) is already piped into; expose inputs nothing is piped into.`,
      );
    }
    map.set(name, ref as never);
  }
}

/**
 * The open ports of a workflow: the exposed ones when any were exposed,
 * otherwise every input nothing is piped into and every output piped nowhere,
 * named by port (or `step.port` where two steps share a port name).
 *
 * @example
 * ```ts
 * const { inputs, outputs } = openPorts(workflow);
 * console.log([...inputs.keys()], [...outputs.keys()]); // e.g. ['numbers'] ['even', 'odd']
 * ```
 */
export function openPorts(workflow: Workflow): OpenPorts {
  const entry = exposed.get(workflow);
  if (entry !== undefined) return entry;
  const inputs: [string, InputRef<any>][] = [];
  const outputs: [string, OutputRef<any>][] = [];
  for (const step of workflow.steps) {
    for (const port of step.inputs)
      if (port.conn.producers.length === 0) inputs.push([port.name, step.input(port.name as never)]);
    for (const port of step.outputs)
      if (port.conns.length === 0) outputs.push([port.name, step.output(port.name as never)]);
  }
  return { inputs: byName(inputs), outputs: byName(outputs) };
}

function byName<R extends { step: { name: string }; name: string }>(refs: [string, R][]): Map<string, R> {
  const count = new Map<string, number>();
  for (const [name] of refs) count.set(name, (count.get(name) ?? 0) + 1);
  return new Map(refs.map(([name, ref]) => [count.get(name)! > 1 ? `${ref.step.name}.${name}` : name, ref]));
}

import type { Input, Inputs, Output, Outputs, PortTypes } from '../types';
import { ownPorts, type OwnPorts } from '../ports';
import { Stream } from '../stream';
import { portNames, stageOptions, type Numbered, type StageOptions } from './check';

/**
 * Sends every item to every output (`out0 … out{n-1}`, or the given names).
 * The slowest consumer governs: no item is taken while any output is full.
 *
 * - emits when: an item arrives and no output is full
 * - back-pressures when: any output is full
 * - completes when: the input is done
 * - cancels when: every connected output is cancelled (a cancelled output alone is skipped)
 * - fails when: never
 *
 * ```
 * in: -1-2|
 * a:  -1-2|        broadcast(['a', 'b'])
 * b:  -1-2|
 * ```
 *
 * @example
 * ```ts
 * const split = workflow.addStream(broadcast<{ audit: Order; ship: Order }>(['audit', 'ship']));
 * split.output('audit').pipe(audit.input('in'));
 * split.output('ship').pipe(ship.input('in'));
 * ```
 */
export function broadcast<const N extends number, T = any>(
  n: N,
  options?: StageOptions,
): Stream<{ in: T }, { [K in Numbered<'out', N>]: T }>;
export function broadcast<const N extends string>(
  names: readonly N[],
  options?: StageOptions,
): Stream<{ in: any }, { [K in N]: any }>;
export function broadcast<O extends PortTypes>(
  names: readonly (keyof O & string)[],
  options?: StageOptions,
): Stream<{ in: O[keyof O] }, O>;
export function broadcast(
  spec: number | readonly string[],
  options?: StageOptions,
): Stream<{ in: unknown }, Record<string, unknown>> {
  const names = portNames('broadcast', 'names', spec, 'out', 1);
  return new Broadcast(names, stageOptions('broadcast', options).name);
}

class Broadcast extends Stream<{ in: unknown }, Record<string, unknown>> {
  private ports: Output<unknown>[] | null = null;
  /** The ports as the engine owns them, for moving items in bulk (null: one by one; see `ownPorts`). */
  private own: OwnPorts | null | undefined = undefined;

  constructor(names: string[], name: string) {
    super({ name, ins: ['in'], outs: names });
    this.everyOutput = true;
  }

  override run(ins: Inputs<{ in: unknown }>, outs: Outputs<Record<string, unknown>>): boolean {
    const input = ins.in;
    const ports = (this.ports ??= this.outs.map((n) => outs[n]));
    const n = ports.length;
    // "Run me again" only while items are left: with none left, a full output must not
    // keep the stage from finishing and closing its outputs (a consumer may wait for that).
    for (let i = 0; i < n; i++) if (ports[i].full) return input.size > 0;
    if (this.own === undefined) this.own = ownPorts([input], ports);
    if (this.own === null) return this.oneByOne(input, ports);
    const from = this.own.from[0];
    const to = this.own.to;
    // As many items as every output has room for, moved at once: what pushing them one by one
    // until an output fills would do, with each connection's bookkeeping done once.
    let k = from.size;
    for (let i = 0; i < n; i++) {
      const room = to[i].room;
      if (room < k) k = room;
    }
    for (let i = 0; i < n; i++) to[i].pushFrom(from, k);
    from.discard(k);
    return from.size > 0;
  }

  /** Ports the engine does not own (a stage run by hand): item by item. */
  private oneByOne(input: Input<unknown>, ports: Output<unknown>[]): boolean {
    // Nothing arrives while this runs: read the size once.
    for (let left = input.size; left > 0; left--) {
      const item = input.pop();
      let room = true;
      for (let i = 0; i < ports.length; i++) if (!ports[i].push(item)) room = false;
      if (!room) return left > 1;
    }
    return false;
  }
}

import type { Input, Inputs, Output, Outputs, PortTypes } from '../types';
import { ownPorts, type OwnPorts } from '../ports';
import { Stream } from '../stream';
import { portNames, stageOptions, type Numbered, type StageOptions } from './check';

/**
 * Emits the items of every input (`in0 … in{n-1}`, or the given names) as they
 * arrive: it takes from each input in turn the items waiting there (as many as
 * the output has room for), so that none is starved, and the order of each
 * input is kept.
 *
 * - emits when: an item arrives on any input and the output has room
 * - back-pressures when: the output is full
 * - completes when: every input is done
 * - cancels when: the output is cancelled
 * - fails when: never
 *
 * ```
 * a:   -1---3|
 * b:   ---2---4|    merge(['a', 'b'])
 * out: -1-2-3-4|
 * ```
 *
 * @example
 * ```ts
 * const both = workflow.addStream(merge<{ web: Click; app: Click }>(['web', 'app']));
 * web.pipe(both.input('web'));
 * app.pipe(both.input('app'));
 * ```
 */
export function merge<const N extends number, T = any>(
  n: N,
  options?: StageOptions,
): Stream<{ [K in Numbered<'in', N>]: T }, { out: T }>;
export function merge<const N extends string>(
  names: readonly N[],
  options?: StageOptions,
): Stream<{ [K in N]: any }, { out: any }>;
export function merge<I extends PortTypes>(
  names: readonly (keyof I & string)[],
  options?: StageOptions,
): Stream<I, { out: I[keyof I] }>;
export function merge(
  spec: number | readonly string[],
  options?: StageOptions,
): Stream<Record<string, unknown>, { out: unknown }> {
  const names = portNames('merge', 'names', spec, 'in', 1);
  return new Merge(names, stageOptions('merge', options).name);
}

class Merge extends Stream<Record<string, unknown>, { out: unknown }> {
  private ports: Input<unknown>[] | null = null;
  /** The input to take from first next time, so that a busy input cannot starve the others. */
  private next = 0;
  /** The ports as the engine owns them, for moving items in bulk (null: one by one; see `ownPorts`). */
  private own: OwnPorts | null | undefined = undefined;

  constructor(names: string[], name: string) {
    super({ name, ins: names, outs: ['out'] });
  }

  override run(ins: Inputs<Record<string, unknown>>, outs: Outputs<{ out: unknown }>): boolean {
    const ports = (this.ports ??= this.ins.map((n) => ins[n]));
    const out = outs.out;
    const n = ports.length;
    if (out.full) return true;
    if (this.own === undefined) this.own = ownPorts(ports, [out]);
    if (this.own === null) return this.oneByOne(ports, out);
    const conns = this.own.from;
    const to = this.own.to[0];
    // In turn, each input's waiting items, as many as `out` has room for: a busy input takes
    // its turn and no more, so none is starved, and each producer gets back a run's worth of room.
    let room = to.room;
    let i = this.next;
    for (let turns = 0; turns < n && room > 0; turns++) {
      const from = conns[i];
      i = i + 1 === n ? 0 : i + 1;
      const size = from.size;
      if (size === 0) continue;
      const k = size < room ? size : room;
      to.pushFrom(from, k);
      from.discard(k);
      room -= k;
    }
    this.next = i;
    return false;
  }

  /** Ports the engine does not own (a stage run by hand, or inputs in a sync group): the same turns, item by item. */
  private oneByOne(ports: Input<unknown>[], out: Output<unknown>): boolean {
    const n = ports.length;
    let i = this.next;
    for (let turns = 0; turns < n; turns++) {
      const from = ports[i];
      i = i + 1 === n ? 0 : i + 1;
      // Nothing arrives while this runs: read the size once.
      for (let left = from.size; left > 0; left--) {
        if (!out.push(from.pop())) {
          this.next = i;
          return false;
        }
      }
    }
    this.next = i;
    return false;
  }
}

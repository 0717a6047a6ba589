import type { Input, Inputs, Outputs, PortTypes } from '../types';
import { Stream } from '../stream';
import { portNames, stageOptions, type Numbered, type StageOptions } from './check';

/**
 * Emits the items of every input (`in0 … in{n-1}`, or the given names) as they
 * arrive, taking one from each input in turn so that none is starved.
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
  /** Items left per input in the current run (reused, not made per run). */
  private left: number[] | null = null;

  constructor(names: string[], name: string) {
    super({ name, ins: names, outs: ['out'] });
  }

  override run(ins: Inputs<Record<string, unknown>>, outs: Outputs<{ out: unknown }>): boolean {
    const ports = (this.ports ??= this.ins.map((n) => ins[n]));
    const out = outs.out;
    const n = ports.length;
    if (out.full) return true;
    // Nothing arrives while this runs: read each input's size once, then take one item
    // per input in turn until every input is drained (or the output fills).
    const left = (this.left ??= new Array<number>(n).fill(0));
    let total = 0;
    for (let k = 0; k < n; k++) total += left[k] = ports[k].size;
    let i = this.next;
    while (total > 0) {
      const k = i;
      i = i + 1 === n ? 0 : i + 1;
      if (left[k] === 0) continue;
      left[k]--;
      total--;
      if (!out.push(ports[k].pop())) break;
    }
    this.next = i;
    return false;
  }
}

import type { Input, Inputs, Outputs, PortTypes } from '../types';
import { Stream } from '../stream';
import { portNames, stageName, type Numbered, type StageOptions } from './check';

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
  return new Merge(names, stageName('merge', options));
}

class Merge extends Stream<Record<string, unknown>, { out: unknown }> {
  private ports: Input<unknown>[] | null = null;
  /** The input to take from first next time, so that a busy input cannot starve the others. */
  private next = 0;

  constructor(names: string[], name: string) {
    super({ name, ins: names, outs: ['out'] });
  }

  override run(ins: Inputs<Record<string, unknown>>, outs: Outputs<{ out: unknown }>): boolean {
    const ports = (this.ports ??= this.ins.map((n) => ins[n]));
    const out = outs.out;
    const n = ports.length;
    if (out.full) return true;
    let idle = 0;
    let i = this.next;
    // Take one item per input in turn until a whole round finds every input empty.
    while (idle < n) {
      const input = ports[i];
      i = i + 1 === n ? 0 : i + 1;
      if (input.size === 0) {
        idle++;
        continue;
      }
      idle = 0;
      if (!out.push(input.pop())) break;
    }
    this.next = i;
    return false;
  }
}

import type { Inputs, Outputs, PortTypes } from '../types';
import { Stream } from '../stream';
import { portNames, stageOptions, type Numbered, type StageOptions } from './check';

/**
 * Emits every item of the first input, then every item of the second once the
 * first is done, and so on. Later inputs wait (filling only their own bounded
 * connection) until their turn.
 *
 * - emits when: the current input has an item and the output has room
 * - back-pressures when: the output is full; inputs after the current one always
 * - completes when: the last input is done
 * - cancels when: the output is cancelled
 * - fails when: never
 *
 * ```
 * a:   -1-2|
 * b:   -3-----4|    concat(['a', 'b'])
 * out: -1-2-3-4|
 * ```
 *
 * @example
 * ```ts
 * const all = workflow.addStream(concat<{ header: string; body: string }>(['header', 'body']));
 * ```
 */
export function concat<const N extends number, T = any>(
  n: N,
  options?: StageOptions,
): Stream<{ [K in Numbered<'in', N>]: T }, { out: T }>;
export function concat<const N extends string>(
  names: readonly N[],
  options?: StageOptions,
): Stream<{ [K in N]: any }, { out: any }>;
export function concat<I extends PortTypes>(
  names: readonly (keyof I & string)[],
  options?: StageOptions,
): Stream<I, { out: I[keyof I] }>;
export function concat(
  spec: number | readonly string[],
  options?: StageOptions,
): Stream<Record<string, unknown>, { out: unknown }> {
  const names = portNames('concat', 'names', spec, 'in', 1);
  return new Concat(names, stageOptions('concat', options).name);
}

class Concat extends Stream<Record<string, unknown>, { out: unknown }> {
  private current = 0;

  constructor(names: string[], name: string) {
    // Each input asks upstream for items only when its turn comes, as RxJS's concat subscribes
    // to a later source only then: a later Observable source is not subscribed early.
    super({ name, ins: names, outs: ['out'], demand: 'on-request' });
  }

  override run(ins: Inputs<Record<string, unknown>>, outs: Outputs<{ out: unknown }>): boolean {
    const out = outs.out;
    if (this.current < this.ins.length) ins[this.ins[this.current]].request();
    if (out.full) return true;
    while (this.current < this.ins.length) {
      const input = ins[this.ins[this.current]];
      input.request();
      while (input.size > 0) if (!out.push(input.pop())) return false;
      if (!input.done) return false;
      this.current++;
    }
    return false;
  }
}

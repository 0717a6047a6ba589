import type { Inputs, Output, Outputs, PortTypes } from '../types';
import { Stream } from '../stream';
import { portNames, stageOptions, type Numbered, type StageOptions } from './check';

/**
 * Sends each item to one output that has room, taking them in turn: work
 * distribution over parallel consumers. A slow consumer gets fewer items.
 *
 * - emits when: an item arrives and some output has room
 * - back-pressures when: every output is full
 * - completes when: the input is done
 * - cancels when: every connected output is cancelled
 * - fails when: never
 *
 * ```
 * in:   -1-2-3-4|
 * out0: -1---3--|  balance(2), both consumers keeping up
 * out1: ---2---4|
 * ```
 *
 * @example
 * ```ts
 * const work = workflow.addStream(balance<{ w1: Job; w2: Job }>(['w1', 'w2']));
 * work.output('w1').pipe(worker1.input('in'));
 * work.output('w2').pipe(worker2.input('in'));
 * ```
 */
export function balance<const N extends number, T = any>(
  n: N,
  options?: StageOptions,
): Stream<{ in: T }, { [K in Numbered<'out', N>]: T }>;
export function balance<const N extends string>(
  names: readonly N[],
  options?: StageOptions,
): Stream<{ in: any }, { [K in N]: any }>;
export function balance<O extends PortTypes>(
  names: readonly (keyof O & string)[],
  options?: StageOptions,
): Stream<{ in: O[keyof O] }, O>;
export function balance(
  spec: number | readonly string[],
  options?: StageOptions,
): Stream<{ in: unknown }, Record<string, unknown>> {
  const names = portNames('balance', 'names', spec, 'out', 1);
  return new Balance(names, stageOptions('balance', options).name);
}

class Balance extends Stream<{ in: unknown }, Record<string, unknown>> {
  private ports: Output<unknown>[] | null = null;
  /** The output to try first next time: turns rotate so that equally fast consumers share equally. */
  private next = 0;

  constructor(names: string[], name: string) {
    super({ name, ins: ['in'], outs: names });
  }

  override run(ins: Inputs<{ in: unknown }>, outs: Outputs<Record<string, unknown>>): boolean {
    const input = ins.in;
    const ports = (this.ports ??= this.outs.map((n) => outs[n]));
    const n = ports.length;
    while (input.size > 0) {
      let i = this.next;
      let tried = 0;
      while (tried < n && (ports[i].full || ports[i].cancelled)) {
        i = i + 1 === n ? 0 : i + 1;
        tried++;
      }
      // Every output full (or cancelled): the first one to drain wakes this stage.
      if (tried === n) return false;
      ports[i].push(input.pop());
      this.next = i + 1 === n ? 0 : i + 1;
    }
    return false;
  }
}

import type { Input, Inputs, Outputs, PortTypes } from '../types';
import { Stream } from '../stream';
import { WiringError } from '../errors';
import { portNames, stageOptions, type StageOptions } from './check';

/**
 * Like {@link merge}, but whenever the `preferred` input has an item it goes
 * first; the other inputs share what room is left, in turn.
 *
 * - emits when: an item arrives on any input and the output has room
 * - back-pressures when: the output is full
 * - completes when: every input is done
 * - cancels when: the output is cancelled
 * - fails when: never
 *
 * ```
 * urgent: ---u1u2|
 * normal: -n1n2n3|   mergePreferred('urgent', ['normal']) with both buffered:
 * out:    -u1u2n1n2n3|
 * ```
 *
 * @example
 * ```ts
 * const jobs = workflow.addStream(mergePreferred<{ urgent: Job; normal: Job }>('urgent', ['normal']));
 * ```
 */
export function mergePreferred<const N extends string>(
  preferred: N,
  others: readonly N[],
  options?: StageOptions,
): Stream<{ [K in N]: any }, { out: any }>;
export function mergePreferred<I extends PortTypes>(
  preferred: keyof I & string,
  others: readonly (keyof I & string)[],
  options?: StageOptions,
): Stream<I, { out: I[keyof I] }>;
export function mergePreferred(
  preferred: string,
  others: readonly string[],
  options?: StageOptions,
): Stream<Record<string, unknown>, { out: unknown }> {
  const [first] = portNames('mergePreferred', 'preferred', [preferred], 'in', 1);
  const rest = portNames('mergePreferred', 'others', others, 'in', 1);
  if (rest.includes(first)) {
    throw new WiringError(
      `mergePreferred(preferred, others): "${first}" is both preferred and in others; name it once.`,
    );
  }
  return new MergePreferred([first, ...rest], stageOptions('mergePreferred', options).name);
}

class MergePreferred extends Stream<Record<string, unknown>, { out: unknown }> {
  private ports: Input<unknown>[] | null = null;
  private next = 1;

  constructor(names: string[], name: string) {
    super({ name, ins: names, outs: ['out'] });
  }

  override run(ins: Inputs<Record<string, unknown>>, outs: Outputs<{ out: unknown }>): boolean {
    const ports = (this.ports ??= this.ins.map((n) => ins[n]));
    const out = outs.out;
    const preferred = ports[0];
    const n = ports.length;
    if (out.full) return true;
    for (;;) {
      while (preferred.size > 0) if (!out.push(preferred.pop())) return false;
      // One item from the next other input that has one, then look at the preferred input again.
      let tried = 1;
      while (tried < n && ports[this.next].size === 0) {
        this.next = this.next + 1 === n ? 1 : this.next + 1;
        tried++;
      }
      if (tried === n) return false;
      const input = ports[this.next];
      this.next = this.next + 1 === n ? 1 : this.next + 1;
      if (!out.push(input.pop())) return false;
    }
  }
}

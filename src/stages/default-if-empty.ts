import type { Inputs, Outputs } from '../types';
import { Stream } from '../stream';
import { stageOptions, type StageOptions } from './check';

/**
 * Emits every item; when the input is done without having had any, emits `value` once.
 *
 * - emits when: an item arrives and the output has room, or the input is done empty
 * - back-pressures when: the output is full
 * - completes when: the input is done (and `value` was emitted, if it was empty)
 * - cancels when: the output is cancelled
 * - fails when: never
 *
 * ```
 * in:  ---|
 * out: ---(d|)     defaultIfEmpty(d); a non-empty input passes unchanged
 * ```
 *
 * @example
 * ```ts
 * matches.pipe(workflow.addStream(defaultIfEmpty<Match | null>(null)));
 * ```
 */
export function defaultIfEmpty<T, D = T>(value: D, options?: StageOptions): Stream<{ in: T }, { out: T | D }> {
  return new DefaultIfEmpty<T, D>(value, stageOptions('defaultIfEmpty', options).name);
}

class DefaultIfEmpty<T, D> extends Stream<{ in: T }, { out: T | D }> {
  private empty = true;

  constructor(
    private readonly value: D,
    name: string,
  ) {
    super({ name, ins: ['in'], outs: ['out'] });
  }

  override run(ins: Inputs<{ in: T }>, outs: Outputs<{ out: T | D }>): boolean {
    const input = ins.in;
    const out = outs.out;
    if (out.full) return true;
    if (input.size > 0) this.empty = false;
    for (let left = input.size; left > 0; left--) if (!out.push(input.pop())) return false;
    if (this.empty && input.done) {
      this.empty = false;
      out.push(this.value);
    }
    return false;
  }
}

import type { Inputs, Outputs } from '../types';
import { Stream } from '../stream';
import { checkWhole, stageOptions, type StageOptions } from './check';

/**
 * Discards the first `n` items and emits the rest.
 *
 * - emits when: an item after the first `n` arrives and the output has room
 * - back-pressures when: the output is full (the first `n` items are taken whatever the output)
 * - completes when: the input is done
 * - cancels when: the output is cancelled
 * - fails when: never
 *
 * ```
 * in:  -1-2-3-4|
 * out: -----3-4|   drop(2)
 * ```
 *
 * @example
 * ```ts
 * lines.pipe(workflow.addStream(drop<string>(1))); // skip a header line
 * ```
 */
export function drop<T>(n: number, options?: StageOptions): Stream<{ in: T }, { out: T }> {
  checkWhole('drop', 'n', n, 0);
  return new Drop<T>(n, stageOptions('drop', options).name);
}

class Drop<T> extends Stream<{ in: T }, { out: T }> {
  constructor(
    private left: number,
    name: string,
  ) {
    super({ name, ins: ['in'], outs: ['out'] });
  }

  override run(ins: Inputs<{ in: T }>, outs: Outputs<{ out: T }>): boolean {
    const input = ins.in;
    const out = outs.out;
    while (this.left > 0 && input.size > 0) {
      input.pop();
      this.left--;
    }
    if (out.full) return true;
    for (let left = input.size; left > 0; left--) if (!out.push(input.pop())) break;
    return false;
  }
}

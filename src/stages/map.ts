import type { Inputs, Outputs } from '../types';
import { Stream } from '../stream';
import { checkFunction, stageOptions, type StageOptions } from './check';

/**
 * Applies `fn` to every item (with its index) and emits the result.
 *
 * - emits when: an item arrives and the output has room
 * - back-pressures when: the output is full
 * - completes when: the input is done
 * - cancels when: the output is cancelled
 * - fails when: `fn` throws (the error names the stage)
 *
 * ```
 * in:  -1-2-3|
 * out: -2-4-6|     map((x) => x * 2)
 * ```
 *
 * @example
 * ```ts
 * numbers.pipe(workflow.addStream(map((x: number) => x * 2)));
 * ```
 */
export function map<T, U>(fn: (item: T, index: number) => U, options?: StageOptions): Stream<{ in: T }, { out: U }> {
  checkFunction('map', 'fn', fn, 'map((x) => x * 2)');
  return new MapStage(fn, stageOptions('map', options).name);
}

class MapStage<T, U> extends Stream<{ in: T }, { out: U }> {
  private index = 0;

  constructor(
    private readonly callback: (item: T, index: number) => U,
    name: string,
  ) {
    super({ name, ins: ['in'], outs: ['out'] });
  }

  override run(ins: Inputs<{ in: T }>, outs: Outputs<{ out: U }>): boolean {
    const input = ins.in;
    const out = outs.out;
    if (out.full) return true;
    const fn = this.callback;
    // Nothing arrives while this runs: read the size once, and keep the index in a local.
    let index = this.index;
    for (let left = input.size; left > 0; left--) {
      if (!out.push(fn(input.pop(), index++))) break;
    }
    this.index = index;
    return false;
  }
}

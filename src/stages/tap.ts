import type { Inputs, Outputs } from '../types';
import { Stream } from '../stream';
import { checkFunction, stageOptions, type StageOptions } from './check';

/**
 * Calls `fn` with every item (for a side effect such as logging) and emits the item unchanged.
 *
 * - emits when: an item arrives and the output has room
 * - back-pressures when: the output is full
 * - completes when: the input is done
 * - cancels when: the output is cancelled
 * - fails when: `fn` throws (the error names the stage)
 *
 * ```
 * in:  -1-2|
 * out: -1-2|       tap(console.log) logs 1, 2
 * ```
 *
 * @example
 * ```ts
 * numbers.pipe(workflow.addStream(tap((x: number) => console.log('saw', x))));
 * ```
 */
export function tap<T>(fn: (item: T, index: number) => void, options?: StageOptions): Stream<{ in: T }, { out: T }> {
  checkFunction('tap', 'fn', fn, 'tap((x) => console.log(x))');
  return new Tap(fn, stageOptions('tap', options).name);
}

class Tap<T> extends Stream<{ in: T }, { out: T }> {
  private index = 0;

  constructor(
    private readonly callback: (item: T, index: number) => void,
    name: string,
  ) {
    super({ name, ins: ['in'], outs: ['out'] });
  }

  override run(ins: Inputs<{ in: T }>, outs: Outputs<{ out: T }>): boolean {
    const input = ins.in;
    const out = outs.out;
    if (out.full) return true;
    const fn = this.callback;
    // Nothing arrives while this runs: read the size once, and keep the index in a local.
    let index = this.index;
    for (let left = input.size; left > 0; left--) {
      const item = input.pop();
      fn(item, index++);
      if (!out.push(item)) break;
    }
    this.index = index;
    return false;
  }
}

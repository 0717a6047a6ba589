import type { Inputs, Outputs } from '../types';
import { Stream } from '../stream';
import { ownPorts, type OwnPorts } from '../ports';
import { checkFunction, stageOptions, type StageOptions } from './check';
import { checkSupervision, decide, type OnError, type SupervisionOptions } from './supervision';

/** Options of {@link map}. */
export interface MapOptions<T> extends StageOptions, SupervisionOptions<T> {}

/**
 * Applies `fn` to every item (with its index) and emits the result.
 *
 * - emits when: an item arrives and the output has room
 * - back-pressures when: the output is full
 * - completes when: the input is done
 * - cancels when: the output is cancelled
 * - fails when: `fn` throws (the error names the stage), unless `onError` says `'skip'`: then the
 *   item is dropped, counted as `skipped` in `metrics$`, and the stage goes on
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
export function map<T, U>(fn: (item: T, index: number) => U, options?: MapOptions<T>): Stream<{ in: T }, { out: U }> {
  checkFunction('map', 'fn', fn, 'map((x) => x * 2)');
  const checked = stageOptions('map', options, ['onError']);
  const supervision = checkSupervision<T>('map', checked, false);
  return supervision === null
    ? new MapStage(fn, checked.name)
    : new SupervisedMap(fn, supervision.onError, checked.name);
}

class MapStage<T, U> extends Stream<{ in: T }, { out: U }> {
  private index = 0;
  /** The ports as the engine owns them, for mapping from ring to ring (null: one by one; see `ownPorts`). */
  private own: OwnPorts | null | undefined = undefined;

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
    if (this.own === undefined) this.own = ownPorts([input], [out]);
    const into = this.own?.to[0].single;
    if (into != null && into.state === 'open' && into.producers.length === 1) {
      // One connection on each side, fed by this stage alone: from ring to ring, as many as `out` has room for.
      const from = this.own!.from[0];
      const room = into.room;
      const k = from.size < room ? from.size : room;
      const index = this.index;
      this.index = index + k;
      into.appendMapped(from, k, fn, index);
      return false;
    }
    // Nothing arrives while this runs: read the size once, and keep the index in a local.
    let index = this.index;
    for (let left = input.size; left > 0; left--) {
      if (!out.push(fn(input.pop(), index++))) break;
    }
    this.index = index;
    return false;
  }
}

/** map with `onError`: each call in a try, so that a failing item can be skipped (kept apart from the plain path). */
class SupervisedMap<T, U> extends Stream<{ in: T }, { out: U }> {
  private index = 0;

  constructor(
    private readonly callback: (item: T, index: number) => U,
    private readonly onError: OnError<T>,
    name: string,
  ) {
    super({ name, ins: ['in'], outs: ['out'] });
  }

  override run(ins: Inputs<{ in: T }>, outs: Outputs<{ out: U }>): boolean {
    const input = ins.in;
    const out = outs.out;
    if (out.full) return true;
    const fn = this.callback;
    for (let left = input.size; left > 0; left--) {
      const item = input.pop();
      let result: U;
      try {
        result = fn(item, this.index++);
      } catch (err) {
        if (decide(this.name, this.onError, err, item) === 'fail') throw err;
        this.context!.skipped();
        continue;
      }
      if (!out.push(result)) break;
    }
    return false;
  }
}

import type { Inputs, Outputs } from '../types';
import { Stream } from '../stream';
import { checkFunction, stageOptions, type StageOptions } from './check';
import { checkSupervision, decide, type OnError, type SupervisionOptions } from './supervision';

/** Options of {@link filter}. */
export interface FilterOptions<T> extends StageOptions, SupervisionOptions<T> {}

/**
 * Emits the items for which `pred` (given the item and its index) is truthy.
 *
 * - emits when: an item passes and the output has room
 * - back-pressures when: the output is full
 * - completes when: the input is done
 * - cancels when: the output is cancelled
 * - fails when: `pred` throws (the error names the stage), unless `onError` says `'skip'`: then the
 *   item is dropped, counted as `skipped` in `metrics$`, and the stage goes on
 *
 * ```
 * in:  -1-2-3-4|
 * out: ---2---4|   filter((x) => x % 2 === 0)
 * ```
 *
 * @example
 * ```ts
 * numbers.pipe(workflow.addStream(filter((x: number) => x % 2 === 0)));
 * ```
 */
export function filter<T, S extends T>(
  pred: (item: T, index: number) => item is S,
  options?: FilterOptions<T>,
): Stream<{ in: T }, { out: S }>;
export function filter<T>(
  pred: (item: T, index: number) => unknown,
  options?: FilterOptions<T>,
): Stream<{ in: T }, { out: T }>;
export function filter<T>(
  pred: (item: T, index: number) => unknown,
  options?: FilterOptions<T>,
): Stream<{ in: T }, { out: T }> {
  checkFunction('filter', 'pred', pred, 'filter((x) => x > 0)');
  const checked = stageOptions('filter', options, ['onError']);
  const supervision = checkSupervision<T>('filter', checked, false);
  return supervision === null
    ? keepIf(pred, checked.name)
    : new SupervisedFilter(pred, supervision.onError, checked.name);
}

/**
 * The stage that emits the items `pred` keeps, in order: filter's body, and
 * that of every stage that decides item by item whether to keep it (distinct,
 * distinctUntilChanged, dropWhile keep their state in `pred`).
 */
export function keepIf<T>(pred: (item: T, index: number) => unknown, name: string): Stream<{ in: T }, { out: T }> {
  return new Filter(pred, name);
}

class Filter<T> extends Stream<{ in: T }, { out: T }> {
  private index = 0;

  constructor(
    private readonly pred: (item: T, index: number) => unknown,
    name: string,
  ) {
    super({ name, ins: ['in'], outs: ['out'] });
  }

  override run(ins: Inputs<{ in: T }>, outs: Outputs<{ out: T }>): boolean {
    const input = ins.in;
    const out = outs.out;
    if (out.full) return true;
    const pred = this.pred;
    // Nothing arrives while this runs: read the size once, and keep the index in a local.
    let index = this.index;
    for (let left = input.size; left > 0; left--) {
      const item = input.pop();
      if (pred(item, index++) && !out.push(item)) break;
    }
    this.index = index;
    return false;
  }
}

/** filter with `onError`: each call in a try, so that a failing item can be skipped (kept apart from the plain path). */
class SupervisedFilter<T> extends Stream<{ in: T }, { out: T }> {
  private index = 0;

  constructor(
    private readonly pred: (item: T, index: number) => unknown,
    private readonly onError: OnError<T>,
    name: string,
  ) {
    super({ name, ins: ['in'], outs: ['out'] });
  }

  override run(ins: Inputs<{ in: T }>, outs: Outputs<{ out: T }>): boolean {
    const input = ins.in;
    const out = outs.out;
    if (out.full) return true;
    const pred = this.pred;
    for (let left = input.size; left > 0; left--) {
      const item = input.pop();
      let pass: unknown;
      try {
        pass = pred(item, this.index++);
      } catch (err) {
        if (decide(this.name, this.onError, err, item) === 'fail') throw err;
        this.context!.skipped();
        continue;
      }
      if (pass && !out.push(item)) break;
    }
    return false;
  }
}

import type { Inputs } from '../types';
import { Stream } from '../stream';
import { stageOptions, type StageOptions } from './check';

/** A sink that keeps every item it receives in `items`. */
export class Collect<T> extends Stream<{ in: T }, {}> {
  /** Every item received, in order. */
  readonly items: T[] = [];

  constructor(name = 'collect') {
    super({ name, ins: ['in'] });
  }

  override run(ins: Inputs<{ in: T }>): void {
    const input = ins.in;
    const items = this.items;
    while (input.size > 0) items.push(input.pop());
  }
}

/**
 * A sink that keeps every item it receives, for tests and small results.
 *
 * - consumes when: always (never back-pressures)
 * - completes when: its input is done
 *
 * ```
 * in: -1-2-3|   ->  items: [1, 2, 3]
 * ```
 *
 * @example
 * ```ts
 * const sink = collect<number>();
 * workflow.addStream(fromIterable([1, 2])).pipe(workflow.addStream(sink));
 * await workflow.run(); // sink.items is [1, 2]
 * ```
 */
export function collect<T>(options?: StageOptions): Collect<T> {
  return new Collect<T>(stageOptions('collect', options, [], 'collect(options)').name);
}

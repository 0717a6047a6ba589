import type { Inputs, Outputs } from '../types';
import { Stream } from '../stream';
import { checkFinite, checkWhole, stageOptions, type StageOptions } from './check';

/**
 * A source of `count` numbers: `start`, `start + step`, `start + 2 * step`, …
 *
 * - emits when: the output has room
 * - back-pressures when: never upstream (a source); stops while the output is full
 * - completes when: `count` numbers have been emitted (never for `Infinity`)
 * - cancels when: every consumer cancelled (it stops and finishes)
 * - fails when: never
 *
 * ```
 * range(1, 3)      ->  out: 1-2-3|
 * range(10, 3, -5) ->  out: 10-5-0|
 * ```
 *
 * @example
 * ```ts
 * const numbers = workflow.addStream(range(0, 100)); // 0 … 99
 * ```
 */
export function range(start: number, count: number, step = 1, options?: StageOptions): Stream<{}, { out: number }> {
  checkFinite('range', 'start', start);
  if (count !== Infinity) checkWhole('range', 'count', count, 0);
  checkFinite('range', 'step', step);
  return new Range(start, count, step, stageOptions('range', options).name);
}

class Range extends Stream<{}, { out: number }> {
  private emitted = 0;

  constructor(
    private readonly start: number,
    private readonly count: number,
    private readonly step: number,
    name: string,
  ) {
    super({ name, outs: ['out'] });
  }

  override run(_ins: Inputs<{}>, outs: Outputs<{ out: number }>): boolean {
    const out = outs.out;
    const { start, count, step } = this;
    let n = this.emitted;
    while (n < count) {
      if (!out.push(start + n++ * step)) break;
    }
    this.emitted = n;
    return n < count;
  }
}

import type { Inputs, Outputs } from '../types';
import { Stream } from '../stream';
import { stageOptions, type StageOptions } from './check';

/** Options of {@link intersperse}. */
export interface IntersperseOptions<S> extends StageOptions {
  /** Emitted first, even for an empty input. */
  start?: S;
  /** Emitted last, when the input is done, even for an empty input. */
  end?: S;
}

/**
 * Emits `separator` between consecutive items, and `start` before the first
 * and `end` after the last when they are given (both even for an empty input).
 *
 * - emits when: an item (or the separator before it, `start` or `end`) can go and the output has room
 * - back-pressures when: the output is full
 * - completes when: the input is done and `end` was emitted
 * - cancels when: the output is cancelled
 * - fails when: never
 *
 * ```
 * in:  -a-b-c|
 * out: -a-(,b)-(,c)|   intersperse(',')
 * ```
 *
 * @example
 * ```ts
 * cells.pipe(workflow.addStream(intersperse(',', { start: '[', end: ']' })));
 * ```
 */
export function intersperse<T, S = T>(
  separator: S,
  options?: IntersperseOptions<S>,
): Stream<{ in: T }, { out: T | S }> {
  const name = stageOptions('intersperse', options, ['start', 'end']).name;
  const edges: Edges<S> = {
    start: options !== undefined && 'start' in options ? { value: options.start as S } : null,
    end: options !== undefined && 'end' in options ? { value: options.end as S } : null,
  };
  return new Intersperse<T, S>(separator, edges, name);
}

interface Edges<S> {
  start: { readonly value: S } | null;
  end: { readonly value: S } | null;
}

class Intersperse<T, S> extends Stream<{ in: T }, { out: T | S }> {
  private started = false;
  private first = true;
  /** An item popped whose separator went out while the item found the output full. */
  private held: { readonly item: T } | null = null;

  constructor(
    private readonly separator: S,
    private readonly edges: Edges<S>,
    name: string,
  ) {
    super({ name, ins: ['in'], outs: ['out'] });
  }

  override run(ins: Inputs<{ in: T }>, outs: Outputs<{ out: T | S }>): boolean {
    const input = ins.in;
    const out = outs.out;
    if (out.full) return true;
    if (!this.started) {
      this.started = true;
      if (this.edges.start !== null && !out.push(this.edges.start.value)) return true;
    }
    if (this.held !== null) {
      const item = this.held.item;
      this.held = null;
      if (!out.push(item)) return true;
    }
    while (input.size > 0) {
      const item = input.pop();
      if (this.first) this.first = false;
      else if (!out.push(this.separator)) {
        this.held = { item };
        return true;
      }
      if (!out.push(item)) return true;
    }
    if (input.closed && this.edges.end !== null) {
      out.push(this.edges.end.value);
      this.edges.end = null;
    }
    return false;
  }
}

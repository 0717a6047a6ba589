import type { Inputs, Outputs, PortTypes } from '../types';
import { Stream, describe } from '../stream';
import { checkFunction, portNames, stageOptions, type StageOptions } from './check';

/**
 * Routes each item to the one output whose name `fn` returns.
 *
 * - emits when: an item arrives and the output it goes to has room
 * - back-pressures when: the output the next item goes to is full
 * - completes when: the input is done
 * - cancels when: every connected output is cancelled (items for a cancelled one are dropped)
 * - fails when: `fn` throws or returns a name that is not an output (the error names the stage)
 *
 * ```
 * in:    -a1-b2-a3|
 * a:     -a1----a3|  partition((s) => s[0], ['a', 'b'])
 * b:     ----b2---|
 * ```
 *
 * @example
 * ```ts
 * const levels = workflow.addStream(
 *   partition<{ info: Line; error: Line }>((line) => (line.level === 'error' ? 'error' : 'info'), ['info', 'error']),
 * );
 * ```
 */
export function partition<const N extends string, T = any>(
  fn: (item: T, index: number) => N,
  names: readonly N[],
  options?: StageOptions,
): Stream<{ in: T }, { [K in N]: T }>;
export function partition<O extends PortTypes>(
  fn: (item: O[keyof O], index: number) => keyof O & string,
  names: readonly (keyof O & string)[],
  options?: StageOptions,
): Stream<{ in: O[keyof O] }, O>;
export function partition(
  fn: (item: unknown, index: number) => string,
  names: readonly string[],
  options?: StageOptions,
): Stream<{ in: unknown }, Record<string, unknown>> {
  checkFunction('partition', 'fn', fn, "partition((x) => (x > 0 ? 'pos' : 'neg'), ['pos', 'neg'])");
  const ports = portNames('partition', 'names', names, 'out', 1);
  return new Partition(fn, ports, stageOptions('partition', options).name);
}

class Partition extends Stream<{ in: unknown }, Record<string, unknown>> {
  private index = 0;
  /** The output of the item at the head of the input, once decided: `fn` runs once per item. */
  private route: string | null = null;

  constructor(
    private readonly callback: (item: unknown, index: number) => string,
    names: string[],
    name: string,
  ) {
    super({ name, ins: ['in'], outs: names });
  }

  override run(ins: Inputs<{ in: unknown }>, outs: Outputs<Record<string, unknown>>): boolean {
    const input = ins.in;
    while (input.size > 0) {
      const route = this.route ?? (this.route = this.decide(input.peek()));
      const out = outs[route];
      if (out.full) return false;
      this.route = null;
      out.push(input.pop());
    }
    return false;
  }

  private decide(item: unknown): string {
    const route = this.callback(item, this.index++);
    if (typeof route !== 'string' || !this.outs.includes(route)) {
      throw new Error(
        `partition sent an item to ${describe(route)}, which is not one of its outputs (${this.outs.map((o) => `"${o}"`).join(', ')}); ` +
          'make fn return one of the names given to partition().',
      );
    }
    return route;
  }
}

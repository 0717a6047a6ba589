import type { Input, Inputs, Outputs, PortTypes } from '../types';
import { Stream } from '../stream';
import { checkFunction, checkOneOf, checkWhole, portNames, stageOptions, type StageOptions } from './check';

/** Options of {@link joinByKey}. */
export interface JoinByKeyOptions extends StageOptions {
  /** Most keys waiting for their match at once (default 1024): what bounds the stage's memory. */
  maxKeys?: number;
  /** When one more key would wait: `'fail'` the workflow (default) or `'evict-oldest'` waiting key. */
  onOverflow?: 'fail' | 'evict-oldest';
}

/**
 * Joins items of several inputs by key: once an item with the same key has
 * arrived on every input, emits them together as an object keyed by input
 * name. Keys are unique per input until matched. At most `maxKeys` keys wait
 * for a match; one more fails the workflow or evicts the oldest, by option.
 * Once an input is done, items that can no longer be matched are dropped.
 *
 * - emits when: a key has an item from every input and the output has room
 * - back-pressures when: the output is full
 * - completes when: every input is done (keys still waiting are dropped)
 * - cancels when: the output is cancelled
 * - fails when: `keyFn` throws, a key repeats on one input before it matched,
 *   or `maxKeys` would be exceeded with `onOverflow: 'fail'` (the error names the stage)
 *
 * ```
 * orders:   -o1---o2|
 * payments: ---p2-p1|     joinByKey((x) => x.id, ['orders', 'payments'])
 * out:      -----A--B|    A = { orders: o2, payments: p2 }, B = { orders: o1, payments: p1 }
 * ```
 *
 * @example
 * ```ts
 * const paid = workflow.addStream(
 *   joinByKey<{ orders: Order; payments: Payment }>((x) => x.orderId, ['orders', 'payments'], { maxKeys: 10_000 }),
 * );
 * ```
 */
export function joinByKey<const N extends string>(
  keyFn: (item: any, port: N) => unknown,
  names: readonly N[],
  options?: JoinByKeyOptions,
): Stream<{ [K in N]: any }, { out: { [K in N]: any } }>;
export function joinByKey<I extends PortTypes>(
  keyFn: (item: I[keyof I], port: keyof I & string) => unknown,
  names: readonly (keyof I & string)[],
  options?: JoinByKeyOptions,
): Stream<I, { out: I }>;
export function joinByKey(
  keyFn: (item: unknown, port: string) => unknown,
  names: readonly string[],
  options?: JoinByKeyOptions,
): Stream<Record<string, unknown>, { out: Record<string, unknown> }> {
  checkFunction('joinByKey', 'keyFn', keyFn, "joinByKey((x) => x.id, ['left', 'right'])");
  const ports = portNames('joinByKey', 'names', names, 'in', 2);
  const { name, ...checked } = stageOptions('joinByKey', options, ['maxKeys', 'onOverflow']);
  const maxKeys = checkWhole('joinByKey', 'maxKeys', checked.maxKeys ?? 1024, 1);
  const overflow = checkOneOf('joinByKey', 'onOverflow', checked.onOverflow ?? 'fail', [
    'fail',
    'evict-oldest',
  ] as const);
  return new JoinByKey(keyFn, ports, maxKeys, overflow, name);
}

class JoinByKey extends Stream<Record<string, unknown>, { out: Record<string, unknown> }> {
  private ports: Input<unknown>[] | null = null;
  /** Keys waiting for a match, oldest first (a Map keeps insertion order). */
  private readonly waiting = new Map<unknown, Record<string, unknown>>();
  private readonly counts = new Map<unknown, number>();
  private doneInputs = 0;
  private readonly purged = new Set<string>();

  constructor(
    private readonly keyFn: (item: unknown, port: string) => unknown,
    names: string[],
    private readonly maxKeys: number,
    private readonly overflow: 'fail' | 'evict-oldest',
    name: string,
  ) {
    super({ name, ins: names, outs: ['out'] });
  }

  override run(ins: Inputs<Record<string, unknown>>, outs: Outputs<{ out: Record<string, unknown> }>): boolean {
    const ports = (this.ports ??= this.ins.map((n) => ins[n]));
    const out = outs.out;
    if (out.full) return true;
    let moved = true;
    // One item per input in turn, so keys from one input do not crowd out the matches from another.
    while (moved) {
      moved = false;
      for (let i = 0; i < ports.length; i++) {
        const input = ports[i];
        if (input.done && !this.purged.has(input.name)) this.purge(input.name);
        if (input.size === 0) continue;
        moved = true;
        const set = this.accept(input.name, input.pop());
        if (set !== null && !out.push(set)) return false;
      }
    }
    return false;
  }

  /** Files an item under its key; returns the complete set when this item completes it. */
  private accept(port: string, item: unknown): Record<string, unknown> | null {
    const key = this.keyFn(item, port);
    let set = this.waiting.get(key);
    if (set === undefined) {
      // A new key cannot be matched once some input is done: drop it rather than hold it.
      if (this.doneInputs > 0) return null;
      if (this.waiting.size >= this.maxKeys) this.makeRoom(key);
      set = {};
      this.waiting.set(key, set);
      this.counts.set(key, 0);
    } else if (Object.hasOwn(set, port)) {
      throw new Error(
        `joinByKey: a second item with key ${String(key)} arrived on "${port}" before that key was matched on every input; ` +
          'keys must be unique per input until joined (deduplicate upstream, or join on a more specific key).',
      );
    }
    set[port] = item;
    const count = this.counts.get(key)! + 1;
    if (count < this.ins.length) {
      this.counts.set(key, count);
      return null;
    }
    this.waiting.delete(key);
    this.counts.delete(key);
    return set;
  }

  private makeRoom(key: unknown): void {
    if (this.overflow === 'fail') {
      throw new Error(
        `joinByKey: key ${String(key)} would be the ${this.maxKeys + 1}th key waiting for a match (maxKeys ${this.maxKeys}); ` +
          "raise maxKeys, or pass onOverflow: 'evict-oldest' to drop the oldest unmatched key.",
      );
    }
    const oldest = this.waiting.keys().next().value;
    this.waiting.delete(oldest);
    this.counts.delete(oldest);
  }

  /** An input is done: keys still missing its item can never match. */
  private purge(port: string): void {
    this.purged.add(port);
    this.doneInputs++;
    for (const [key, set] of this.waiting) {
      if (!Object.hasOwn(set, port)) {
        this.waiting.delete(key);
        this.counts.delete(key);
      }
    }
  }
}

import type { Ending, Inputs, Outputs } from '../types';
import { Stream } from '../stream';
import { WiringError } from '../errors';
import { describe } from '../describe';
import { checkFunction, checkOneOf, checkWhole, stageOptions, type StageOptions } from './check';
import { Group, type GroupHost } from './group';

/** Options of {@link groupBy}. */
export interface GroupByOptions extends StageOptions {
  /** Most groups alive at once (default 64): what bounds the stage's memory. */
  maxGroups?: number;
  /**
   * When an item has a new key and `maxGroups` groups are alive: `'fail'` the
   * workflow (default), or `'evict-idle'`: close the input of the group that
   * has waited longest for an item (its sub-pipeline flushes and finishes, as
   * at the end of the input), and open the new group once it has.
   */
  onOverflow?: 'fail' | 'evict-idle';
  /** Items each group's sub-pipeline may have waiting at its input, and at its output (default 16). */
  capacity?: number;
}

/**
 * Runs a sub-pipeline per key and merges their outputs: each item goes to
 * the group of `keyFn(item)`, whose stream `build(key)` makes when the key
 * first comes (any stream with one input and one output: `scan`, `batch`,
 * `take`, `mapAsync`, a stream of your own…). The stage runs the groups
 * itself, each between two queues of `capacity` items, and takes their
 * results in turns (Akka's `groupBy(…).mergeSubstreams`, RxJS's `groupBy` +
 * `mergeMap`, bounded). A group finishes when its sub-pipeline does (when the
 * input ends, it is evicted, or it closes its output as `take` does); items it
 * had not read go with it, as a stream's unread input does, and the next item
 * of its key opens a new group.
 *
 * Streams that talk to the engine directly (`Stream.fromOperator`, `flatMap`
 * over Observables) cannot run inside a group.
 *
 * - emits when: a group has emitted an item and the output has room
 * - back-pressures when: the group of the next item has `capacity` items waiting, or a new group
 *   waits for an evicted one to finish, or the output is full
 * - completes when: the input is done and every group has finished and its items were emitted
 * - cancels when: the output is cancelled (every group's stream is finalized)
 * - fails when: `keyFn` or `build` throws, a sub-pipeline fails, or a new key comes with
 *   `maxGroups` groups alive and `onOverflow: 'fail'` (the error names the stage)
 *
 * ```
 * in:  -a1-b1-a2-b2|
 * out: -A1-B1-A2-B2|   groupBy((x) => x.key, () => scan(sum, 0)): running sums per key, merged
 * ```
 *
 * Holds at most `maxGroups` groups, each with at most `capacity` items at its input and at its output,
 * plus what each sub-pipeline holds itself.
 *
 * @example
 * ```ts
 * // Batches of 100 orders per customer, every batch as soon as it is full.
 * orders.pipe(workflow.addStream(groupBy((o: Order) => o.customer, () => batch<Order>(100), { maxGroups: 1000 })));
 * ```
 */
export function groupBy<T, K, U>(
  keyFn: (item: T) => K,
  build: (key: K) => Stream<{ in: T }, { out: U }>,
  options?: GroupByOptions,
): Stream<{ in: T }, { out: U }> {
  checkFunction('groupBy', 'keyFn', keyFn, 'groupBy((x) => x.id, () => batch(10))');
  checkFunction('groupBy', 'build', build, 'groupBy((x) => x.id, () => batch(10))');
  const name = stageOptions('groupBy', options, ['maxGroups', 'onOverflow', 'capacity']).name;
  const maxGroups = checkWhole('groupBy', 'maxGroups', options?.maxGroups ?? 64, 1);
  const overflow = checkOneOf('groupBy', 'onOverflow', options?.onOverflow ?? 'fail', ['fail', 'evict-idle'] as const);
  const capacity = checkWhole('groupBy', 'capacity', options?.capacity ?? 16, 1);
  return new GroupBy<T, K, U>(keyFn, build, maxGroups, overflow, capacity, name);
}

class GroupBy<T, K, U> extends Stream<{ in: T }, { out: U }> implements GroupHost {
  /** Groups taking items, by key. */
  private readonly byKey = new Map<K, Group<T, U>>();
  /** Every group that counts (open, evicted and finishing, or finished with items to emit), oldest first. */
  private live: Group<T, U>[] = [];
  /** The group whose items go out next. */
  private turn = 0;
  /** Moves inside the groups, to tell a loop that made progress from one that did not. */
  private moves = 0;
  /** Items routed, as a clock for `'evict-idle'`. */
  private routed = 0;
  /** The key of the next item, known once it was asked for and the item still waits. */
  private nextKey: { readonly key: K } | null = null;
  private inputEnded = false;

  constructor(
    private readonly keyFn: (item: T) => K,
    private readonly build: (key: K) => Stream<{ in: T }, { out: U }>,
    private readonly maxGroups: number,
    private readonly overflow: 'fail' | 'evict-idle',
    private readonly capacity: number,
    name: string,
  ) {
    super({ name, ins: ['in'], outs: ['out'] });
  }

  moved(): void {
    this.moves++;
  }

  override run(ins: Inputs<{ in: T }>, outs: Outputs<{ out: U }>): boolean {
    const input = ins.in;
    const out = outs.out;
    const now = this.context!.now();
    for (const group of this.live) group.ring(now);
    for (;;) {
      const before = this.moves;
      this.emit(out);
      this.route(input);
      if (input.done && !this.inputEnded) {
        this.inputEnded = true;
        for (const group of this.byKey.values()) group.closeInput();
        this.byKey.clear();
      }
      for (const group of this.live) if (group.runnable) group.run();
      this.forgetFinished();
      if (this.moves === before) break;
    }
    // Items are waiting for room, or a group asks to run again: run when the output has room.
    for (const group of this.live) if (group.output.size > 0 || group.again) return true;
    return false;
  }

  override finalize(ending: Ending): void {
    for (const group of this.live) group.finish(ending);
    this.live = [];
    this.byKey.clear();
  }

  /**
   * A finished group takes no more items: the next item of its key opens a new
   * group (items it had not read went with it). It counts until its items are emitted.
   */
  private forgetFinished(): void {
    for (const group of this.live) {
      if (group.state === 'finished' && this.byKey.get(group.key as K) === group) this.byKey.delete(group.key as K);
    }
    this.live = this.live.filter((g) => !g.gone);
  }

  /** Items of the groups' outputs, one from each in turn, while the output has room. */
  private emit(out: Outputs<{ out: U }>['out']): void {
    const live = this.live;
    let idle = 0;
    while (!out.full && idle < live.length) {
      if (this.turn >= live.length) this.turn = 0;
      const group = live[this.turn++];
      if (group.output.size === 0) {
        idle++;
        continue;
      }
      idle = 0;
      const wasFull = group.output.full;
      out.push(group.output.take());
      // Its output leaves full: a sub-pipeline that stopped for room with input left may go on.
      if (wasFull && group.input.size > 0) group.signalled = true;
    }
  }

  /** Items of the input to their groups, in order, while the next one's group has room. */
  private route(input: Inputs<{ in: T }>['in']): void {
    while (input.size > 0) {
      const key = (this.nextKey ??= { key: this.keyFn(input.peek()) }).key;
      const group = this.byKey.get(key) ?? this.open(key);
      if (group === null || group.input.size >= this.capacity) return;
      this.nextKey = null;
      group.used = ++this.routed;
      group.input.append(input.pop());
      group.signalled = true;
    }
  }

  /** A new group for `key`, or null while it must wait for a slot. */
  private open(key: K): Group<T, U> | null {
    if (this.live.length >= this.maxGroups) {
      if (this.overflow === 'fail') {
        throw new Error(
          `groupBy: the key ${describe(key)} came while ${this.maxGroups} groups were alive (maxGroups); ` +
            "raise maxGroups, or choose onOverflow: 'evict-idle' to close the group idle longest.",
        );
      }
      this.evictIdle();
      return null;
    }
    const stream = this.build(key);
    if (!(stream instanceof Stream) || stream.ins.length !== 1 || stream.outs.length !== 1) {
      throw new WiringError(
        `${this.name}: build(${describe(key)}) returned ${describe(stream)}; it must return a stream with one ` +
          'input and one output, such as scan((acc, x) => acc + x, 0) or batch(10).',
      );
    }
    const group = new Group<T, U>(key, stream, this.capacity, this, `${this.name}[${describe(key)}]`);
    this.byKey.set(key, group);
    this.live.push(group);
    this.moves++;
    return group;
  }

  /** Closes the input of the open group that has waited longest for an item, if one has none waiting. */
  private evictIdle(): void {
    // One evicted group at a time: it frees its slot once it has finished and its items were emitted.
    if (this.live.length > this.byKey.size) return;
    let oldest: Group<T, U> | null = null;
    for (const group of this.byKey.values()) {
      if (group.input.size === 0 && (oldest === null || group.used < oldest.used)) oldest = group;
    }
    if (oldest === null) return;
    this.byKey.delete(oldest.key as K);
    oldest.closeInput();
  }
}

import type { Inputs, Outputs } from '../types';
import { Stream } from '../stream';
import { checkOneOf, checkWhole, stageOptions, type StageOptions } from './check';

/** What {@link buffer} does with an item that arrives when it holds `size` items. */
export type OverflowStrategy = 'backpressure' | 'drop-head' | 'drop-tail' | 'drop-new' | 'drop-buffer' | 'fail';

const STRATEGIES: readonly OverflowStrategy[] = [
  'backpressure',
  'drop-head',
  'drop-tail',
  'drop-new',
  'drop-buffer',
  'fail',
];

/**
 * An explicit buffer of `size` items between a producer and a consumer, with
 * an overflow policy for an item that arrives while it is full and the output
 * is full too (while the output has room, nothing is held or dropped):
 * `'backpressure'` stops taking input; `'drop-head'` drops the oldest buffered
 * item, `'drop-tail'` the newest buffered item, `'drop-new'` the arriving item,
 * `'drop-buffer'` every buffered item; `'fail'` fails the workflow. With a drop
 * policy the producer is never slowed down by the consumer.
 *
 * - emits when: it holds an item and the output has room
 * - back-pressures when: it is full and the policy is `'backpressure'`
 * - completes when: the input is done and the buffer is empty
 * - cancels when: the output is cancelled
 * - fails when: it and its output are full, an item arrives and the policy is `'fail'` (the error names the stage)
 *
 * ```
 * in:  -1-2-3-4|
 * out: ------3-4|     buffer(2, 'drop-head') with the consumer stalled until 4 arrived
 * ```
 *
 * @example
 * ```ts
 * ticks.pipe(workflow.addStream(buffer<Tick>(100, 'drop-head'))).pipe(slowRender);
 * ```
 */
export function buffer<T>(
  size: number,
  overflow: OverflowStrategy = 'backpressure',
  options?: StageOptions,
): Stream<{ in: T }, { out: T }> {
  checkWhole('buffer', 'size', size, 1);
  checkOneOf('buffer', 'overflow', overflow, STRATEGIES);
  return new Buffer<T>(size, overflow, stageOptions('buffer', options).name);
}

class Buffer<T> extends Stream<{ in: T }, { out: T }> {
  /** Items dropped by the overflow policy. */
  dropped = 0;
  /** A ring of `size` slots. */
  private readonly slots: (T | undefined)[];
  private head = 0;
  private length = 0;

  constructor(
    private readonly size: number,
    private readonly policy: OverflowStrategy,
    name: string,
  ) {
    // The buffer takes input while its consumer is stalled: that is what it is for.
    super({ name, ins: ['in'], outs: ['out'], decoupled: true });
    this.slots = new Array(size);
  }

  override run(ins: Inputs<{ in: T }>, outs: Outputs<{ out: T }>): boolean {
    const input = ins.in;
    const out = outs.out;
    // Item by item, draining first: the ring fills (and overflows) only while the output is full,
    // and what it lets go makes room for more input in the same run. Stopping once the ring was
    // full, as if no more input could be taken, would leave input unread with nothing to wake the stage.
    while (input.size > 0) {
      this.drain(out);
      if (this.length < this.size) this.append(input.pop());
      else if (this.policy === 'backpressure') break;
      else this.overflow(input.pop());
    }
    this.drain(out);
    // Items left here (and input behind them, under 'backpressure') wait for room in the output:
    // run again then, also after the input is done.
    return this.length > 0;
  }

  /** An item arrived while the ring is full and the output is full: apply the drop policy. */
  private overflow(item: T): void {
    switch (this.policy) {
      case 'drop-head':
        this.removeOldest();
        this.append(item);
        break;
      case 'drop-tail':
        this.length--;
        this.slots[(this.head + this.length) % this.size] = undefined;
        this.append(item);
        break;
      case 'drop-buffer':
        this.dropped += this.length - 1;
        this.slots.fill(undefined);
        this.head = 0;
        this.length = 0;
        this.append(item);
        break;
      case 'drop-new':
        break;
      default:
        throw new Error(
          `buffer: an item arrived while ${this.size} items were buffered and the output was full (overflow 'fail'); ` +
            "make the consumer faster, raise the size, or choose 'backpressure' or a drop policy.",
        );
    }
    this.dropped++;
  }

  private append(item: T): void {
    this.slots[(this.head + this.length) % this.size] = item;
    this.length++;
  }

  private removeOldest(): T {
    const item = this.slots[this.head] as T;
    this.slots[this.head] = undefined;
    this.head = (this.head + 1) % this.size;
    this.length--;
    return item;
  }

  private drain(out: Outputs<{ out: T }>['out']): void {
    while (this.length > 0 && !out.full) out.push(this.removeOldest());
  }
}

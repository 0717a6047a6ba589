/**
 * One group of `groupBy`: a sub-pipeline (one stream) run by the groupBy
 * stage itself, between two small bounded queues, with a StreamContext of its
 * own that passes holds, wakes, timers and failures on to the stage's.
 */
import type { Ending, Input, Inputs, Output, Outputs, StreamContext } from '../types';
import type { Stream } from '../stream';
import { PortError } from '../errors';
import { adopt, thenOf } from '../thenable';

/** What a group asks of the groupBy stage that runs it. */
export interface GroupHost {
  /** The stage's own context (set while it runs in a workflow). */
  readonly context: StreamContext | null;
  /** Something moved inside a group (an item, a close): the stage's loop goes on. */
  moved(): void;
}

/** A FIFO with a soft capacity, as a connection is, seen as the sub-pipeline's input or output. */
class Queue<T> {
  private items: (T | undefined)[] = [];
  private head = 0;

  constructor(
    readonly name: string,
    private readonly where: string,
    readonly capacity: number,
    protected readonly host: GroupHost,
  ) {}

  /** Lets `stepOf` say that a stream inside a group does not run in a workflow of its own. */
  get owner(): { name: string; engine: null } {
    return { name: this.where, engine: null };
  }

  get size(): number {
    return this.items.length - this.head;
  }

  append(item: T): void {
    this.items.push(item);
    this.host.moved();
  }

  shift(op: string): T {
    if (this.head === this.items.length) {
      throw new PortError(
        `${this.where}.${this.name}: ${op} on an empty input; check size > 0 (or done) before calling ${op}().`,
      );
    }
    const item = this.items[this.head] as T;
    this.items[this.head++] = undefined;
    if (this.head === this.items.length) {
      this.items = [];
      this.head = 0;
    }
    this.host.moved();
    return item;
  }

  first(): T {
    if (this.head === this.items.length) throw new PortError(`${this.where}.${this.name}: peek on an empty input.`);
    return this.items[this.head] as T;
  }

  clear(): void {
    this.items = [];
    this.head = 0;
  }
}

class GroupInput<T> extends Queue<T> implements Input<T> {
  closed = false;
  readonly failed = false;
  readonly failure: unknown = undefined;
  /** The group's items come from the groupBy stage, which routes them whatever is asked. */
  readonly requested = true;

  request(): void {}

  get done(): boolean {
    return this.closed && this.size === 0;
  }

  pop(): T {
    return this.shift('pop');
  }

  peek(): T {
    return this.first();
  }

  cancel(): void {
    this.closed = true;
    this.clear();
    this.host.moved();
  }
}

class GroupOutput<U> extends Queue<U> implements Output<U> {
  closed = false;
  readonly cancelled = false;

  get full(): boolean {
    return this.size >= this.capacity;
  }

  get room(): number {
    return Math.max(0, this.capacity - this.size);
  }

  push(item: U): boolean {
    if (this.closed) throw new PortError(`${this.owner.name}.${this.name}: push after close.`);
    this.append(item);
    return this.size < this.capacity;
  }

  take(): U {
    return this.shift('take');
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.host.moved();
  }
}

/** A pending `wakeAfter` of the sub-pipeline: due at `at`, on the stage's own timer. */
interface GroupTimer {
  readonly at: number;
  readonly cancel: () => void;
}

export class Group<T, U> implements StreamContext {
  state: 'idle' | 'waiting' | 'finished' = 'idle';
  /** Something changed for the sub-pipeline since it last ran. */
  signalled = true;
  /** Its last run asked to run again once its output has room. */
  again = false;
  holds = 0;
  /** When an item was last routed here, for `'evict-idle'`. */
  used = 0;
  readonly input: GroupInput<T>;
  readonly output: GroupOutput<U>;
  private readonly ins: Inputs<any>;
  private readonly outs: Outputs<any>;
  private readonly timers = new Set<GroupTimer>();

  constructor(
    readonly key: unknown,
    readonly stream: Stream<any, any>,
    capacity: number,
    private readonly host: GroupHost,
    where: string,
  ) {
    this.input = new GroupInput<T>(stream.ins[0], where, capacity, host);
    this.output = new GroupOutput<U>(stream.outs[0], where, capacity, host);
    this.ins = Object.freeze({ [stream.ins[0]]: this.input }) as Inputs<any>;
    this.outs = Object.freeze({ [stream.outs[0]]: this.output }) as Outputs<any>;
    stream.context = this;
  }

  /** Finished, and every item it emitted was taken: the group no longer counts. */
  get gone(): boolean {
    return this.state === 'finished' && this.output.size === 0;
  }

  /** It can run now: something changed, or it asked to, and it has room for results (as the engine decides for a stream). */
  get runnable(): boolean {
    if (this.state !== 'idle') return false;
    if (this.signalled) return !this.output.full || this.stream.decoupled;
    return this.again && !this.output.full;
  }

  /** Runs the sub-pipeline once, as the engine runs a stream. */
  run(): void {
    this.signalled = false;
    this.again = false;
    const closedAtStart = this.input.closed;
    const result = this.stream.run(this.ins, this.outs);
    const then = thenOf(result);
    if (then === null) {
      this.afterRun(result === true, closedAtStart);
      return;
    }
    this.state = 'waiting';
    this.outer.hold();
    adopt(
      result,
      then,
      (outcome) => {
        if (this.state !== 'waiting') return;
        this.state = 'idle';
        this.afterRun(outcome === true, closedAtStart);
        this.outer.release();
      },
      (err) => {
        if (this.state === 'waiting') this.outer.fail(err);
      },
    );
  }

  /** The sub-pipeline's input closes: no more items for this key. */
  closeInput(): void {
    if (this.input.closed) return;
    this.input.closed = true;
    this.signalled = true;
    this.host.moved();
  }

  /** Timers of the sub-pipeline that are due (or within the millisecond a timer may come early): it runs. */
  ring(now: number): void {
    for (const timer of this.timers) {
      if (timer.at > now + 1) continue;
      this.timers.delete(timer);
      this.signalled = true;
    }
  }

  /** Ends the sub-pipeline, once: its work and timers no longer hold the run; `finalize` hears how. */
  finish(ending: Ending): void {
    if (this.state === 'finished') return;
    const waited = this.state === 'waiting';
    this.state = 'finished';
    this.output.closed = true;
    this.input.cancel();
    for (const timer of [...this.timers]) timer.cancel();
    const context = this.outer;
    for (; this.holds > 0; this.holds--) context.release();
    if (waited) context.release();
    this.stream.finalize(ending);
  }

  private afterRun(again: boolean, closedAtStart: boolean): void {
    if (this.output.closed) this.finish(COMPLETED);
    else if (again) this.again = true;
    else if (closedAtStart && this.holds === 0 && this.timers.size === 0 && this.input.done) this.finish(COMPLETED);
  }

  /* ------------------------------------------------ StreamContext */

  /** The groupBy stage's context, which the group's own passes everything on to. */
  private get outer(): StreamContext {
    return this.host.context!;
  }

  hold(): void {
    if (this.state === 'finished') return;
    this.holds++;
    this.outer.hold();
  }

  release(): void {
    if (this.holds === 0) return;
    this.holds--;
    this.signalled = true;
    this.outer.release();
  }

  wake(): void {
    if (this.state === 'finished') return;
    this.signalled = true;
    this.outer.wake();
  }

  wakeNow(): void {
    if (this.state === 'finished') return;
    this.signalled = true;
    const context = this.outer;
    if (context.wakeNow !== undefined) context.wakeNow();
    else context.wake();
  }

  fail(cause: unknown): void {
    if (this.state !== 'finished') this.outer.fail(cause);
  }

  now(): number {
    return this.outer.now();
  }

  wakeAfter(ms: number): () => void {
    if (this.state === 'finished') return () => {};
    const off = this.outer.wakeAfter(ms);
    const timer: GroupTimer = {
      at: this.now() + ms,
      cancel: () => {
        if (!this.timers.delete(timer)) return;
        off();
      },
    };
    this.timers.add(timer);
    return timer.cancel;
  }

  skipped(count = 1): void {
    this.outer.skipped(count);
  }
}

const COMPLETED: Ending = { reason: 'completed' };

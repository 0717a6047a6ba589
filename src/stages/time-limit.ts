import type { Input, Inputs, Outputs } from '../types';
import { Stream } from '../stream';
import { TimeoutError } from '../errors';
import { Alarm } from './time';

/**
 * What `idleTimeout` and `completionTimeout` share: items pass unchanged, and
 * the stage fails with a TimeoutError once the workflow's clock reaches its
 * deadline before the input is done. A subclass says where the deadline is.
 */
export abstract class TimeLimit<T> extends Stream<{ in: T }, { out: T }> {
  private readonly alarm = new Alarm();

  constructor(name: string) {
    // Decoupled: it runs when items arrive, and when its alarm rings, even while the output is full.
    super({ name, ins: ['in'], outs: ['out'], decoupled: true });
  }

  /** The deadline, given the input as this run finds it (before it takes anything). */
  protected abstract deadline(input: Input<T>, now: number): number;
  /** What the TimeoutError says. */
  protected abstract expired(): string;

  override run(ins: Inputs<{ in: T }>, outs: Outputs<{ out: T }>): boolean {
    const context = this.context!;
    const input = ins.in;
    const out = outs.out;
    const now = context.now();
    const deadline = this.deadline(input, now);
    for (let left = input.size; left > 0 && !out.full; left--) out.push(input.pop());
    this.taken(input);
    if (input.closed) {
      this.alarm.clear();
      return false;
    }
    if (now >= deadline) throw new TimeoutError(this.expired());
    this.alarm.set(context, deadline);
    return false;
  }

  /** After the run took what it could (the input as it is left). */
  protected taken(_input: Input<T>): void {}
}

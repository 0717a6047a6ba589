import type { Stream } from '../stream';
import { stageOptions, type StageOptions } from './check';
import { checkDuration } from './time';
import { TimeLimit } from './time-limit';

/**
 * Passes items on, and fails with a {@link TimeoutError} when its input has
 * not closed within `ms` milliseconds of the workflow's clock (counted from
 * the stage's first run, when its first item arrives or its input closes).
 *
 * - emits when: an item arrives and the output has room
 * - back-pressures when: the output is full
 * - completes when: the input is done
 * - cancels when: the output is cancelled
 * - fails when: `ms` pass before the input closes (a TimeoutError naming the stage and `ms`)
 *
 * ```
 * in:  -a-b-c-d-e-…
 * out: -a-b-c#        completionTimeout(6) (counted from a)
 * ```
 *
 * @example
 * ```ts
 * downloads.pipe(workflow.addStream(completionTimeout<Chunk>(60_000))).pipe(save);
 * ```
 */
export function completionTimeout<T>(ms: number, options?: StageOptions): Stream<{ in: T }, { out: T }> {
  checkDuration('completionTimeout', 'ms', ms, true);
  return new CompletionTimeout<T>(ms, stageOptions('completionTimeout', options).name);
}

class CompletionTimeout<T> extends TimeLimit<T> {
  private end = NaN;

  constructor(
    private readonly ms: number,
    name: string,
  ) {
    super(name);
  }

  protected deadline(_input: unknown, now: number): number {
    if (this.end !== this.end) this.end = now + this.ms;
    return this.end;
  }

  protected expired(): string {
    return `completionTimeout: the input did not close within ${this.ms} ms; raise ms, or make upstream finish sooner.`;
  }
}

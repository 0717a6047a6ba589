import type { Inputs, Outputs } from '../types';
import { Stream } from '../stream';
import { checkFunction, stageOptions, type StageOptions } from './check';

/**
 * Passes items on; when a stream upstream fails, emits `fn(error)` as a last
 * item (nothing when `fn` returns `undefined`) after the items sent before
 * the failure, and completes instead of failing. `error` is what was thrown,
 * as thrown; `failedStream(error)` names the stream that threw it.
 *
 * A failure ends the whole run unless every path downstream from the failing
 * stream reaches a `recover` (or another stream with `recovers: true`): then
 * the failing stream and the streams between it and each `recover` fail,
 * upstream of it is cancelled, and the rest of the workflow goes on. A
 * `recover` on one branch of a fan-out therefore does not save a failure that
 * also reaches another branch without one.
 *
 * - emits when: an item arrives, or the input failed and every earlier item went out, and the output has room
 * - back-pressures when: the output is full
 * - completes when: the input is done, or failed and the last item was emitted
 * - cancels when: the output is cancelled
 * - fails when: `fn` throws (the error names the stage)
 *
 * ```
 * in:  -1-2-#
 * out: -1-2-(x|)   recover((err) => x)
 * ```
 *
 * @example
 * ```ts
 * lookups.pipe(workflow.addStream(recover((err) => ({ failed: String(err) }))));
 * ```
 */
export function recover<T, R = T>(
  fn: (error: unknown) => R | undefined,
  options?: StageOptions,
): Stream<{ in: T }, { out: T | R }> {
  checkFunction('recover', 'fn', fn, 'recover((err) => fallback)');
  return new Recover<T, R>(fn, stageOptions('recover', options).name);
}

class Recover<T, R> extends Stream<{ in: T }, { out: T | R }> {
  constructor(
    private readonly fn: (error: unknown) => R | undefined,
    name: string,
  ) {
    super({ name, ins: ['in'], outs: ['out'], recovers: true });
  }

  override run(ins: Inputs<{ in: T }>, outs: Outputs<{ out: T | R }>): boolean {
    const input = ins.in;
    const out = outs.out;
    if (out.full) return true;
    for (let left = input.size; left > 0; left--) if (!out.push(input.pop())) return false;
    if (input.failed && input.done) {
      const last = this.fn(input.failure);
      if (last !== undefined) out.push(last);
      // Closing the only output finishes the stream.
      out.close();
    }
    return false;
  }
}

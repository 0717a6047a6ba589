import type { Inputs, Outputs } from '../types';
import { Stream } from '../stream';
import { WiringError } from '../errors';
import { describe } from '../stream';
import { stageOptions, type StageOptions } from './check';

/**
 * A source that pulls items from an iterable lazily, only while its output has
 * room; an endless generator is fine.
 *
 * - emits when: the output has room and the iterable has a next item
 * - back-pressures when: never upstream (a source); stops pulling while the output is full
 * - completes when: the iterable is exhausted
 * - cancels when: every consumer cancelled; the iterator's `return()` is called
 * - fails when: the iterator throws
 *
 * ```
 * [1, 2, 3]   ->  out: 1-2-3|
 * ```
 *
 * @example
 * ```ts
 * workflow.addStream(fromIterable([1, 2, 3])).pipe(workflow.addStream(collect()));
 * ```
 */
export function fromIterable<T>(iterable: Iterable<T>, options?: StageOptions): Stream<{}, { out: T }> {
  if (iterable == null || typeof (iterable as Iterable<T>)[Symbol.iterator] !== 'function') {
    throw new WiringError(`fromIterable(iterable): expected an Iterable; got ${describe(iterable)}.`);
  }
  return new FromIterable(iterable, stageOptions('fromIterable', options).name);
}

class FromIterable<T> extends Stream<{}, { out: T }> {
  private iterator: Iterator<T> | null = null;
  private exhausted = false;

  constructor(
    private readonly iterable: Iterable<T>,
    name: string,
  ) {
    super({ name, outs: ['out'] });
  }

  override run(_ins: Inputs<{}>, outs: Outputs<{ out: T }>): boolean {
    const it = (this.iterator ??= this.iterable[Symbol.iterator]());
    const out = outs.out;
    for (;;) {
      const r = it.next();
      if (r.done) {
        this.exhausted = true;
        return false;
      }
      if (!out.push(r.value)) return true;
    }
  }

  override finalize(): void {
    // An iterator left unfinished (cancelled, failed, aborted) is told so it can release its resources.
    if (this.iterator !== null && !this.exhausted) this.iterator.return?.();
  }
}

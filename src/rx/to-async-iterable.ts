import type { Ending, Input, Inputs } from '../types';
import type { OutputRef } from '../workflow/step';
import { Stream, describe } from '../stream';
import { WiringError } from '../errors';

/**
 * The items of an output port as an `AsyncIterable`, to consume with
 * `for await`. Call it before the run: it adds a sink (`iterate step.port`)
 * piped from the port, which takes an item only when the iterator asks for
 * one (`next()`): until then the items wait in its connection, and once that
 * is full upstream waits too. Back-pressure runs through the iterator, and
 * what is held is the connection's capacity, nothing more.
 *
 * The loop ends when the port closes and every item was taken; when the run
 * fails it throws the error as the failing stream threw it (as `output$`
 * errors; `run()` rejects with the StreamError naming the stream), and the
 * AbortError when the run is aborted with a reason. Leaving the loop early (`break`, `return`, a
 * throw: the iterator's `return()`) cancels the port, so upstream stops and
 * the run can finish. One iterator per call; start the run yourself
 * (`workflow.run()`), before or while iterating.
 *
 * @example
 * ```ts
 * const lines = toAsyncIterable(parse.output('out'));
 * const run = workflow.run();
 * for await (const line of lines) await send(line);
 * await run;
 * ```
 */
export function toAsyncIterable<T>(ref: OutputRef<T>): AsyncIterable<T> {
  if (ref === null || typeof ref !== 'object' || typeof (ref as OutputRef<T>).pipe !== 'function' || !('step' in ref)) {
    throw new WiringError(
      `toAsyncIterable(ref): expected an output reference such as step.output('out'); got ${describe(ref)}.`,
    );
  }
  const workflow = ref.step.workflow;
  workflow.assertBuilding('toAsyncIterable()');
  const sink = new IterateSink<T>(`iterate ${ref.step.name}.${ref.name}`);
  ref.pipe(workflow.addStream(sink).input('in'));
  let given = false;
  return {
    [Symbol.asyncIterator](): AsyncIterator<T> {
      if (given) {
        throw new WiringError(
          `toAsyncIterable(${ref.step.name}.${ref.name}): this iterable gives one iterator; call toAsyncIterable again (before the run) for another consumer.`,
        );
      }
      given = true;
      return sink.iterator;
    },
  };
}

interface Asked<T> {
  readonly resolve: (r: IteratorResult<T>) => void;
  readonly reject: (err: unknown) => void;
}

/** The sink behind toAsyncIterable: pops an item only for a `next()` waiting for one. */
class IterateSink<T> extends Stream<{ in: T }, {}> {
  private asked: Asked<T>[] = [];
  private ending: Ending | null = null;
  private cancelling = false;
  /** The run is held while items wait for the consumer: a slow consumer is not a deadlock. */
  private held = false;

  readonly iterator: AsyncIterator<T> = {
    next: () =>
      new Promise<IteratorResult<T>>((resolve, reject) => {
        if (this.ending !== null) return this.settleEnded({ resolve, reject });
        this.asked.push({ resolve, reject });
        this.context?.wake();
      }),
    return: (value?: unknown) => {
      if (this.ending === null) {
        this.cancelling = true;
        this.context?.wake();
      }
      return Promise.resolve({ done: true, value } as IteratorResult<T>);
    },
  };

  constructor(name: string) {
    super({ name, ins: ['in'] });
  }

  override run(ins: Inputs<{ in: T }>): void {
    const input: Input<T> = ins.in;
    if (this.cancelling) {
      this.release();
      input.cancel();
      return;
    }
    while (this.asked.length > 0 && input.size > 0) this.asked.shift()!.resolve({ done: false, value: input.pop() });
    if (input.size > 0 && !this.held) {
      this.held = true;
      this.context!.hold();
    } else if (input.size === 0) this.release();
  }

  private release(): void {
    if (!this.held) return;
    this.held = false;
    this.context!.release();
  }

  private settleEnded(asked: Asked<T>): void {
    const ending = this.ending!;
    if (ending.reason === 'failed' || (ending.reason === 'aborted' && ending.error !== undefined)) {
      asked.reject(ending.error);
    } else asked.resolve({ done: true, value: undefined });
  }

  override finalize(ending: Ending): void {
    this.ending = ending;
    const asked = this.asked;
    this.asked = [];
    for (const a of asked) this.settleEnded(a);
  }
}

import type { ObservableInput } from 'rxjs';
import type { Workflow } from '../workflow/workflow';
import type { Step } from '../workflow/step';
import type { Stream } from '../stream';
import { describe } from '../stream';
import { WiringError } from '../errors';
import { checkKnownKeys } from '../options';
import { fromIterable } from '../stages/from-iterable';
import { fromAsyncIterable } from '../stages/from-async-iterable';
import { fromObservable, type Overflow } from './from-observable';

/** What `workflow.addSource` takes: anything RxJS's `from` takes, or a (possibly async) generator function. */
export type SourceInput<T> =
  ObservableInput<T> | Iterable<T> | AsyncIterable<T> | (() => Iterable<T> | AsyncIterable<T>);

/** Options of `workflow.addSource`. */
export interface AddSourceOptions {
  /** The source step's name (default `"source"`). */
  name?: string;
  /** For Observables and Promises only: what to do when an item arrives while the output is full (default `'error'`). Iterables are pulled and never overflow. */
  overflow?: Overflow;
}

/**
 * Adds a source step with one output `out`. Iterables and AsyncIterables are
 * pulled lazily while `out` has room (true back-pressure); a generator
 * function is called once, and its generator pulled. Anything else RxJS
 * accepts (Observable, Promise, array-like, ReadableStream…) is subscribed and
 * enters under the `overflow` policy (see {@link fromObservable}).
 *
 * @example
 * ```ts
 * const workflow = new Workflow({ capacity: 16 });
 * const numbers = workflow.addSource(function* () { for (let i = 0; ; i++) yield i; });
 * const clicks = workflow.addSource(fromEvent(document, 'click'), { overflow: 'drop-oldest' });
 * ```
 */
export function addSource<T>(
  workflow: Workflow,
  input: SourceInput<T>,
  options: AddSourceOptions = {},
): Step<{}, { out: T }> {
  if (options === null || typeof options !== 'object') {
    throw new WiringError(`addSource(input, options): options must be an object; got ${describe(options)}.`);
  }
  checkKnownKeys(options, ['name', 'overflow'], 'addSource(input, options)');
  workflow.assertBuilding('addSource()');
  return workflow.addStream(sourceStream(input, options));
}

function sourceStream<T>(input: SourceInput<T>, options: AddSourceOptions): Stream<{}, { out: T }> {
  const name = options.name ?? 'source';
  let value: unknown = input;
  if (typeof value === 'function') {
    value = (value as () => unknown)();
    if (!isIterable(value) && !isAsyncIterable(value)) {
      throw new WiringError(
        `addSource(fn): a function source must be a generator function or return an Iterable or AsyncIterable; ${describe(input)} returned ${describe(value)}.`,
      );
    }
  }
  // An overflow policy given for a pulled source is checked all the same, so a typo never goes unnoticed.
  if (options.overflow !== undefined) fromObservable([], { overflow: options.overflow });
  if (isIterable(value)) return fromIterable(value as Iterable<T>, { name });
  if (isAsyncIterable(value)) return fromAsyncIterable(value as AsyncIterable<T>, { name });
  return fromObservable(value as ObservableInput<T>, { name, overflow: options.overflow });
}

function isIterable(value: unknown): boolean {
  return value != null && typeof (value as Iterable<unknown>)[Symbol.iterator] === 'function';
}

function isAsyncIterable(value: unknown): boolean {
  return value != null && typeof (value as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function';
}

import type { Stream } from '../stream';
import { keepIf } from './filter';
import { checkFunction, checkOneOf, checkWhole, stageOptions, type StageOptions } from './check';

/** Options of {@link distinct}. */
export interface DistinctOptions extends StageOptions {
  /** Most keys remembered at once (default 1024): what bounds the stage's memory. */
  maxKeys?: number;
  /** When one more key would be remembered: `'fail'` the workflow (default) or forget the `'evict-oldest'` key. */
  onOverflow?: 'fail' | 'evict-oldest';
}

/**
 * Emits each item whose key (`keyFn(item)`, default the item itself, compared
 * as a `Set` compares) has not been seen before. At most `maxKeys` keys are
 * remembered; one more fails the workflow, or with `onOverflow: 'evict-oldest'`
 * forgets the key seen first, which may then pass again.
 *
 * - emits when: an item with a new key arrives and the output has room
 * - back-pressures when: the output is full
 * - completes when: the input is done
 * - cancels when: the output is cancelled
 * - fails when: `keyFn` throws, or a key beyond `maxKeys` arrives with `onOverflow: 'fail'` (the error names the stage)
 *
 * ```
 * in:  -1-2-1-3-2|
 * out: -1-2---3--|   distinct()
 * ```
 *
 * @example
 * ```ts
 * events.pipe(workflow.addStream(distinct((e: Event) => e.id, { maxKeys: 100_000, onOverflow: 'evict-oldest' })));
 * ```
 */
export function distinct<T>(keyFn?: (item: T) => unknown, options?: DistinctOptions): Stream<{ in: T }, { out: T }> {
  if (keyFn !== undefined) checkFunction('distinct', 'keyFn', keyFn, 'distinct((x) => x.id)');
  const name = stageOptions('distinct', options, ['maxKeys', 'onOverflow']).name;
  const maxKeys = checkWhole('distinct', 'maxKeys', options?.maxKeys ?? 1024, 1);
  const overflow = checkOneOf('distinct', 'onOverflow', options?.onOverflow ?? 'fail', [
    'fail',
    'evict-oldest',
  ] as const);
  const key = keyFn ?? identity;
  // Keys seen, oldest first (a Set keeps insertion order).
  const seen = new Set<unknown>();
  return keepIf((item: T) => {
    const k = key(item);
    if (seen.has(k)) return false;
    if (seen.size === maxKeys) {
      if (overflow === 'fail') {
        throw new Error(
          `distinct: a new key arrived while ${maxKeys} keys were remembered (maxKeys); ` +
            "raise maxKeys, or choose onOverflow: 'evict-oldest' to forget the oldest key.",
        );
      }
      seen.delete(seen.values().next().value);
    }
    seen.add(k);
    return true;
  }, name);
}

function identity(item: unknown): unknown {
  return item;
}

import type { OperatorFunction } from 'rxjs';
import { Stream } from '../stream';
import type { FromOperatorOptions } from './operator-stream';

/**
 * Any RxJS operator as a 1-in (`in`) / 1-out (`out`) stream; the same as
 * {@link Stream.fromOperator}, as a plain function.
 *
 * ```
 * in:   -a-b-c|        fromOperator(map(x => x.toUpperCase()))
 * out:  -A-B-C|
 * ```
 *
 * @example
 * ```ts
 * const slow = workflow.addStream(fromOperator(delay(10), { name: 'slow' }));
 * ```
 */
export function fromOperator<A, B>(
  op: OperatorFunction<A, B>,
  options?: FromOperatorOptions,
): Stream<{ in: A }, { out: B }> {
  return Stream.fromOperator(op, options);
}

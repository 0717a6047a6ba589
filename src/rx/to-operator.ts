import { Observable, type OperatorFunction } from 'rxjs';
import {
  checkOperatorOptions,
  checkSource,
  openRound,
  type AsOperatorOptions,
  type WorkflowSource,
} from './as-operator';

/**
 * A workflow with one open input and one open output as an RxJS operator,
 * for `source$.pipe(toOperator(() => buildWorkflow()))`. Cold: each
 * subscription builds a workflow (calling the factory; a Workflow instance can
 * be subscribed once), feeds `source$` into the open input as an Observable
 * source (under `overflow`), and emits every item reaching the open output. It
 * completes when that output closes, errors when the run fails, and
 * unsubscribing aborts the run and unsubscribes `source$`.
 *
 * ```
 * source$:  -1-2-3|      toOperator(() => doubling workflow)
 * result:   -2-4-6|
 * ```
 *
 * @example
 * ```ts
 * const doubled$ = of(1, 2, 3).pipe(toOperator<number, number>(() => buildDoubling()));
 * ```
 */
export function toOperator<A, B>(build: WorkflowSource, options: AsOperatorOptions = {}): OperatorFunction<A, B> {
  checkSource(build, 'toOperator');
  checkOperatorOptions(options, 'toOperator');
  return (source) =>
    new Observable<B>((subscriber) => {
      let round;
      try {
        round = openRound(build, source, options, () => {}, 'toOperator');
      } catch (err) {
        subscriber.error(err);
        return;
      }
      const [out$] = [...round.outputs.values()];
      const current = round;
      // Teardown first: a synchronous source runs inside kick(), and a downstream that has what it
      // wants (take) unsubscribes there, mid-burst; the run and the source must stop at once.
      subscriber.add(current.stop);
      subscriber.add((out$ as Observable<B>).subscribe(subscriber));
      current.kick(true);
    });
}

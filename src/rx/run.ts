import { Observable } from 'rxjs';
import type { Workflow } from '../workflow/workflow';
import { StreamError } from '../errors';

/**
 * The run of a workflow as a cold Observable, for `workflow.run$()`:
 * subscribing starts the run; it completes when every stream has finished and
 * errors when a stream fails (`StreamError`) or nothing can progress
 * (`DeadlockError`). Unsubscribing aborts the run silently: every stream is
 * finalized, source subscriptions are unsubscribed, pending continuations are
 * cancelled, and no timer is left behind. A workflow runs once, so a second
 * subscription errors; build a new workflow (see `toOperator`) to run again.
 *
 * @example
 * ```ts
 * const subscription = workflow.run$().subscribe({ complete: () => console.log('done') });
 * subscription.unsubscribe(); // stops every stream
 * ```
 */
export function run$(workflow: Workflow): Observable<never> {
  return new Observable<never>((subscriber) => {
    // Unsubscribed while the run starts (from inside its first, synchronous slice): stop it there.
    // Only a run this subscription started: one already under way is not ours to stop.
    const before = workflow.engine;
    subscriber.add(() => {
      if (workflow.engine !== before) workflow.engine?.abort();
    });
    const stop = workflow.start({
      complete: () => subscriber.complete(),
      // As thrown, not wrapped: `catchError` and `instanceof` downstream see the stream's own error.
      error: (err) => subscriber.error(err instanceof StreamError ? err.cause : err),
      stopped: () => {},
    });
    // After the run ended, stopping is a no-op.
    return () => stop();
  });
}

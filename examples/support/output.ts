/**
 * A minimal stand-in for the RxJS bridge's `output$(workflow, ref)` (same
 * signature), used by the examples until the bridge is available.
 */
import { Subject, type Observable } from 'rxjs';
import { Stream, type OutputRef, type Workflow } from '../../src/index';

export function output$<T>(workflow: Workflow, ref: OutputRef<T>): Observable<T> {
  const subject = new Subject<T>();
  const tap = workflow.addStream(
    new Stream<{ in: T }, {}>({
      name: `tap ${ref.step.name}.${ref.name}`,
      ins: ['in'],
      fn: (ins) => {
        while (ins.in.size > 0) subject.next(ins.in.pop());
        if (ins.in.done) subject.complete();
      },
    }),
  );
  ref.pipe(tap.input('in'));
  return subject.asObservable();
}

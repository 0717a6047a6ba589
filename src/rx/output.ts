import { Subject, type Observable } from 'rxjs';
import type { Ending, Inputs } from '../types';
import type { Workflow } from '../workflow/workflow';
import type { OutputRef, Step } from '../workflow/step';
import { Stream, describe } from '../stream';
import { WiringError } from '../errors';

/** One tap per output port: asking twice gives the same Observable. */
const taps = new WeakMap<Step<any, any>, Map<string, Observable<unknown>>>();

/**
 * An Observable of every item that reaches an output port, for
 * `workflow.output$(step.output('x'))`. Call it before the run: it adds a
 * small sink (`tap step.port`) piped from that port, which hands each item to
 * the subscribers as it arrives; it is bounded by its connection like any other
 * consumer and never slower than its subscribers. It completes when the port
 * closes and every item was delivered, errors with the run's error when the run
 * fails, and completes when the run is aborted without a reason. It is hot:
 * subscribe before the run starts (or within the same turn) to see every item.
 *
 * @example
 * ```ts
 * const evens$ = workflow.output$(route.output('even'));
 * evens$.subscribe((n) => console.log('even', n));
 * workflow.run$().subscribe();
 * ```
 */
export function output$<T>(workflow: Workflow, ref: OutputRef<T>): Observable<T> {
  if (ref === null || typeof ref !== 'object' || typeof (ref as OutputRef<T>).pipe !== 'function' || !('step' in ref)) {
    throw new WiringError(
      `output$(ref): expected an output reference such as step.output('out'); got ${describe(ref)}.`,
    );
  }
  if (ref.step.workflow !== workflow) {
    throw new WiringError(
      `output$(ref): the step "${ref.step.name}" belongs to another workflow; ask that workflow for its output$.`,
    );
  }
  workflow.assertBuilding('output$()');
  ref.step.output(ref.name as never);
  let ports = taps.get(ref.step);
  if (ports === undefined) taps.set(ref.step, (ports = new Map()));
  const known = ports.get(ref.name);
  if (known !== undefined) return known as Observable<T>;
  const tap = new Tap<T>(`tap ${ref.step.name}.${ref.name}`);
  const step = workflow.addStream(tap);
  tap.step = step;
  ref.pipe(step.input('in'));
  const observable = tap.subject.asObservable();
  ports.set(ref.name, observable);
  return observable;
}

/** The sink behind `output$`: each item to the subscribers; the run's end to them once. */
class Tap<T> extends Stream<{ in: T }, {}> {
  readonly subject = new Subject<T>();
  step: Step<any, any> | null = null;

  constructor(name: string) {
    super({ name, ins: ['in'] });
  }

  override run(ins: Inputs<{ in: T }>): void {
    const input = ins.in;
    const subject = this.subject;
    while (input.size > 0) subject.next(input.pop());
  }

  override finalize(ending: Ending): void {
    // A failure arrives as it was thrown (see failedStream), an abort with its AbortError; a silent
    // abort (run$() unsubscribed) and every other end complete.
    if (ending.reason === 'failed' || (ending.reason === 'aborted' && ending.error !== undefined))
      this.subject.error(ending.error);
    else this.subject.complete();
  }
}

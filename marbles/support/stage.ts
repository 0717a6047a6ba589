import type { Observable } from 'rxjs';
import type { TestScheduler } from 'rxjs/testing';
import { Workflow, asOperator, type Stream, type WorkflowOptions } from '../../src/index';

/**
 * A one-in one-out stage as an operator on a workflow of its own, run on the
 * test scheduler: `through(m.scheduler, () => delay(3))(input$)` is the
 * stage's output, in virtual time.
 */
export function through<T, U>(
  scheduler: TestScheduler,
  make: () => Stream<{ in: T }, { out: U }>,
  options: Omit<WorkflowOptions, 'scheduler'> = {},
): (input: Observable<T>) => Observable<U> {
  const op = asOperator<{ in: T }, { out: U }>(() => {
    const workflow = new Workflow({ ...options, scheduler });
    const step = workflow.addStream(make());
    return workflow.expose({ in: step.input('in'), out: step.output('out') });
  });
  return (input) => op({ in: input }).out;
}

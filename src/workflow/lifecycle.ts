/** The life of a stream in a running workflow: the one place its state changes, and the changes allowed. */
import type { StepState } from '../types';
import { StateError } from '../errors';

const NEXT: { readonly [S in StepState]: readonly StepState[] } = {
  idle: ['running', 'finished', 'failed'],
  running: ['idle', 'waiting', 'failed'],
  waiting: ['idle', 'failed'],
  // A finalizer that throws fails a stream that had finished its work.
  finished: ['failed'],
  failed: [],
};

/** Moves a stream to its next state; any other change is a bug in the engine and throws a StateError. */
export function moveStep(step: { readonly name: string; state: StepState }, next: StepState): void {
  if (!NEXT[step.state].includes(next)) {
    throw new StateError(`stream "${step.name}": cannot go from ${step.state} to ${next}`);
  }
  step.state = next;
}

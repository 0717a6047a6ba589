/** The life of a stream in a running workflow: the one place its state changes, and the changes allowed. */
import type { StepState } from '../types';
import { StateError } from '../errors';

/** Moves a stream to its next state; any other change is a bug in the engine and throws a StateError. */
export function moveStep(step: { readonly name: string; state: StepState }, next: StepState): void {
  if (!allowed(step.state, next)) {
    throw new StateError(`stream "${step.name}": cannot go from ${step.state} to ${next}`);
  }
  step.state = next;
}

/**
 * The changes a stream's life allows: idle → running | finished | failed,
 * running → idle | waiting | failed, waiting → idle | failed, and finished →
 * failed (a finalizer that throws fails a stream that had finished its work).
 * As comparisons: a state changes twice per run, and comparing interned
 * strings is the cheapest check.
 */
function allowed(from: StepState, to: StepState): boolean {
  switch (from) {
    case 'idle':
      return to === 'running' || to === 'finished' || to === 'failed';
    case 'running':
      return to === 'idle' || to === 'waiting' || to === 'failed';
    case 'waiting':
      return to === 'idle' || to === 'failed';
    case 'finished':
      return to === 'failed';
    default:
      return false;
  }
}

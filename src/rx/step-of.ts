import type { Input, Output } from '../types';
import type { InputPort, OutputPort } from '../ports';
import type { Step } from '../workflow/step';
import type { Engine } from '../workflow/engine';
import { MimoError } from '../errors';

/**
 * The step and running engine behind a port seen inside `run`. Streams at the
 * RxJS boundary hold, release and fail through the step (their StreamContext),
 * and ask the engine to defer work off the loop's stack, drain, or wake.
 */
export function stepOf(port: Input<unknown> | Output<unknown>): { step: Step<any, any>; engine: Engine } {
  const step = (port as InputPort | OutputPort).owner as Step<any, any>;
  const engine = step.engine;
  if (engine === null) throw new MimoError(`${step.name}.${port.name}: the stream is not running in a workflow.`);
  return { step, engine };
}

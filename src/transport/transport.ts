/**
 * Transport: the base of every transport (threads in `rx-mimo/node`, an
 * in-memory one in `rx-mimo/testing`). A transport only opens a run — starts
 * or finds its fragments and connects their channels (see types.ts); running
 * it, settling it and finding it stuck is the same for all (coordinator.ts).
 */
import type { AbortSignalLike, RunTransport } from '../types';
import type { Workflow } from '../workflow/workflow';
import type { Hub, RunPlan } from './types';
import { coordinate } from './coordinator';

/**
 * The base of a transport: subclass it and implement `open` to spread runs
 * over another medium (the threads transport, `threads()`, is one).
 *
 * @example
 * ```ts
 * class Direct extends Transport {
 *   async open(plan: RunPlan): Promise<Hub> { return connectFragmentsFor(plan); }
 * }
 * ```
 */
export abstract class Transport implements RunTransport {
  /** Starts, or waits for, one fragment per replica of each worker of `plan`, and connects them. */
  abstract open(plan: RunPlan): Promise<Hub>;

  /** Runs `workflow` spread over this transport: what `workflow.run({ transport })` does. */
  run(workflow: unknown, options: { readonly signal?: AbortSignalLike } = {}): Promise<void> {
    return coordinate(workflow as Workflow, this, options.signal);
  }
}

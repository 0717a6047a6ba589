import { Observable, asapScheduler, type ObservableInput, type Subscription } from 'rxjs';
import type { Workflow } from '../workflow/workflow';
import { describe } from '../stream';
import { WiringError } from '../errors';
import { addSource } from './add-source';
import { openPorts } from './expose';
import { output$ } from './output';
import { run$ } from './run';
import { ObservableSource, type Overflow } from './from-observable';
import { checkKnownKeys } from '../options';

/** A workflow, or a factory of one: a factory gives every subscription its own run. */
export type WorkflowSource = Workflow | (() => Workflow);

/** Options of `toOperator` and `asOperator`. */
export interface AsOperatorOptions {
  /** The overflow policy of the Observable sources that feed the open inputs (default `'error'`). */
  overflow?: Overflow;
}

/**
 * A workflow with several open ports as a function from Observables to
 * Observables: `{ [input]: ObservableInput }` in, `{ [output]: Observable }`
 * out, named by `workflow.expose(...)` (or by port name when nothing is
 * exposed). The outputs share one run per subscription round, like `share()`:
 * the first subscription to any output builds the workflow (calling the
 * factory) and starts it on the workflow's scheduler (or `asapScheduler`), so
 * outputs subscribed in the same turn all see every item; each output
 * completes when its port closes, all error when the run fails, and the run is
 * aborted once no output has a subscriber. A Workflow instance runs once; pass
 * a factory to subscribe again.
 *
 * @example
 * ```ts
 * const split = asOperator<{ numbers: number }, { even: number; odd: number }>(() => buildSplit());
 * const { even, odd } = split({ numbers: of(1, 2, 3) });
 * ```
 */
export function asOperator<In extends object, Out extends object>(
  build: WorkflowSource,
  options: AsOperatorOptions = {},
): (inputs: { [K in keyof In]: ObservableInput<In[K]> }) => { [K in keyof Out]: Observable<Out[K]> } {
  checkSource(build, 'asOperator');
  checkOperatorOptions(options, 'asOperator');
  return (inputs) => {
    if (inputs === null || typeof inputs !== 'object') {
      throw new WiringError(
        `asOperator(...)(inputs): expected an object of Observables by input name; got ${describe(inputs)}.`,
      );
    }
    const given = inputs as Record<string, ObservableInput<unknown>>;
    // The first round is wired now, so wiring errors throw here and the output names are known; later rounds call the factory again.
    let round: Round | null = openRound(build, given, options, () => (round = null));
    // No prototype: an output name is only ever an own key (never `__proto__` or `toString` of Object).
    const result: Record<string, Observable<unknown>> = Object.create(null);
    for (const name of round.outputs.keys()) {
      result[name] = new Observable<unknown>((subscriber) => {
        if (round === null) round = openRound(build, given, options, () => (round = null));
        const current = round;
        const out$ = current.outputs.get(name);
        if (out$ === undefined) {
          subscriber.error(new WiringError(`asOperator(): the workflow has no open output "${name}".`));
          return;
        }
        current.listeners++;
        const sub = out$.subscribe(subscriber);
        current.kick(false);
        return () => {
          sub.unsubscribe();
          if (--current.listeners === 0) current.stop();
        };
      });
    }
    return result as { [K in keyof Out]: Observable<Out[K]> };
  };
}

/** One run shared by the outputs subscribed to it. */
interface Round {
  outputs: Map<string, Observable<unknown>>;
  listeners: number;
  /** Starts the run: now, or a moment later so that every output subscribed in this turn sees the first item. */
  kick(now: boolean): void;
  stop(): void;
}

export function openRound(
  build: WorkflowSource,
  given: Record<string, ObservableInput<unknown>> | ObservableInput<unknown>,
  options: AsOperatorOptions,
  closed: () => void,
  where: 'asOperator' | 'toOperator' = 'asOperator',
): Round {
  const workflow = obtain(build, where);
  const ports = openPorts(workflow);
  let inputs = given as Record<string, ObservableInput<unknown>>;
  if (where === 'toOperator') {
    if (ports.inputs.size !== 1 || ports.outputs.size !== 1) {
      throw new WiringError(
        `toOperator(): the workflow must have exactly one open input and one open output; it has inputs ${list(ports.inputs.keys())} ` +
          `and outputs ${list(ports.outputs.keys())}. Pipe or expose ports so that one of each is left, or use asOperator().`,
      );
    }
    inputs = { [[...ports.inputs.keys()][0]]: given as ObservableInput<unknown> };
  }
  for (const name of Object.keys(inputs)) {
    if (!ports.inputs.has(name)) {
      throw new WiringError(
        `${where}(): the workflow has no open input "${name}"; its open inputs are: ${list(ports.inputs.keys())}.`,
      );
    }
  }
  let piped = 0;
  for (const [name, ref] of ports.inputs) {
    if (!Object.hasOwn(inputs, name)) {
      throw new WiringError(
        `${where}(): no Observable given for the open input "${name}"; give one for each of: ${list(ports.inputs.keys())}.`,
      );
    }
    const source = addSource(workflow, inputs[name], { name: `input ${name}`, overflow: options.overflow });
    // Inputs from outside start first, in the order given, as RxJS subscribes a piped source first.
    if (source.stream instanceof ObservableSource) source.stream.startsAt = piped++;
    source.output('out').pipe(ref);
  }
  const outputs = new Map<string, Observable<unknown>>();
  for (const [name, ref] of ports.outputs) outputs.set(name, output$(workflow, ref));
  let run: Subscription | null = null;
  let scheduled: Subscription | null = null;
  let stopped = false;
  return {
    outputs,
    listeners: 0,
    kick(now) {
      if (scheduled !== null || run !== null || stopped) return;
      // The outputs carry the run's error themselves (see output$).
      const start = () => {
        if (!stopped) run = run$(workflow).subscribe({ error: () => {} });
      };
      if (now) start();
      else scheduled = (workflow.scheduler ?? asapScheduler).schedule(start);
    },
    stop() {
      stopped = true;
      scheduled?.unsubscribe();
      run?.unsubscribe();
      // Stopped while the run starts (a synchronous source runs inside it): its subscription is not
      // known yet, but its engine is.
      workflow.engine?.abort();
      closed();
    },
  };
}

/** The workflow to run: a factory's new one, or the instance itself if it has not run yet. */
export function obtain(build: WorkflowSource, where: string): Workflow {
  const workflow = typeof build === 'function' ? build() : build;
  if (workflow === null || typeof workflow !== 'object' || typeof (workflow as Workflow).start !== 'function') {
    throw new WiringError(`${where}(build): the factory must return a Workflow; it returned ${describe(workflow)}.`);
  }
  if (workflow.engine !== null) {
    throw new WiringError(
      `${where}(): this workflow has already run, and a Workflow runs once; pass a factory such as () => buildWorkflow() to run a new one for each subscription.`,
    );
  }
  return workflow;
}

/** Checks the options of `toOperator` / `asOperator`. */
export function checkOperatorOptions(options: unknown, where: string): void {
  if (options === null || typeof options !== 'object') {
    throw new WiringError(`${where}(build, options): options must be an object; got ${describe(options)}.`);
  }
  checkKnownKeys(options, ['overflow'], `${where}(build, options)`);
}

export function checkSource(build: unknown, where: string): void {
  if (
    typeof build !== 'function' &&
    (build === null || typeof build !== 'object' || typeof (build as Workflow).start !== 'function')
  ) {
    throw new WiringError(`${where}(build): expected a Workflow or a function returning one; got ${describe(build)}.`);
  }
}

function list(names: Iterable<string>): string {
  const all = [...names];
  return all.length ? all.map((n) => `"${n}"`).join(', ') : 'none';
}

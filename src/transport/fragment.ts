/**
 * A fragment: the part of a workflow one participant of a run runs. Every
 * participant builds the whole workflow (the same factory), keeps the steps
 * placed on it, and stands a pump in for each remote edge: a `RemoteSink`
 * where its streams feed a step placed elsewhere, a `RemoteSource` per channel
 * where a step placed elsewhere feeds one of its own. Then it runs them with
 * the usual engine, and tells the coordinator how it goes.
 */
import type { Workflow } from '../workflow/workflow';
import { Step } from '../workflow/step';
import type { ChannelEnd, ChannelKey, ChannelMessage, ControlMessage, Outpost, Participant, RunPlan } from './types';
import { RemoteSink, RemoteSource } from './pumps';
import { makePlan, participantText, planDifference, workerOf } from './plan';
import { MimoError, StreamError } from '../errors';
import { describe, messageOf } from '../describe';

/** A channel end that counts what it sends and receives (for the coordinator's check of a stuck run). */
export class CountedEnd implements ChannelEnd {
  sent = 0;
  received = 0;

  constructor(
    private readonly inner: ChannelEnd,
    private readonly activity: () => void,
  ) {}

  send(message: ChannelMessage): void {
    this.inner.send(message);
    this.sent++;
  }

  receive(handler: (message: ChannelMessage) => void): void {
    this.inner.receive((message) => {
      this.received++;
      this.activity();
      handler(message);
    });
  }

  close(): void {
    this.inner.close();
  }
}

/** @internal The fragment each workflow was turned into (for the specs' checks of the credit window). */
export const fragments = new WeakMap<Workflow, Fragment>();

/** The steps a participant runs, and its ends of the channels. */
export interface Fragment {
  readonly steps: readonly Step<any, any>[];
  readonly ends: readonly CountedEnd[];
}

/**
 * Turns `workflow` into the fragment of `self`: its own steps, and a pump for
 * each channel it takes part in. The workflow is rewired in place (it is
 * built for this run alone).
 */
export function buildFragment(
  workflow: Workflow,
  plan: RunPlan,
  self: Participant,
  open: (key: ChannelKey) => ChannelEnd,
  activity: () => void,
): Fragment {
  const byName = new Map(workflow.steps.map((s) => [s.name, s]));
  const local = workflow.steps.filter((s) => workerOf(s) === self.worker);
  const pumps: Step<any, any>[] = [];
  const ends: CountedEnd[] = [];
  const counted = (key: ChannelKey) => {
    const end = new CountedEnd(open(key), activity);
    ends.push(end);
    return end;
  };
  for (const e of plan.edges) {
    const consumer = byName.get(e.to.step)!;
    const conn = consumer.inputPort(e.to.port).conn;
    const out = byName.get(e.from.step)!.outputPort(e.from.port);
    if (e.from.worker === self.worker) {
      const lanes = Array.from({ length: e.to.replicas }, (_, to) => counted({ edge: e.id, from: self.replica, to }));
      const sink = new RemoteSink(e, lanes, consumer.placement?.partitionBy);
      const step = new Step(workflow, sink, sink.name, conn.capacity, workflow.strict);
      step.remote = true;
      out.reroute(conn, step.inputPort('in').conn);
      pumps.push(step);
    }
    if (e.to.worker === self.worker) {
      conn.detach(out);
      for (let from = 0; from < e.from.replicas; from++) {
        const source = new RemoteSource(`← ${e.id}[${from}]`, counted({ edge: e.id, from, to: self.replica }));
        const step = new Step(workflow, source, source.name, workflow.capacity, workflow.strict);
        step.remote = true;
        step.outputPort('out').connect(conn);
        pumps.push(step);
      }
    }
  }
  const fragment = { steps: [...local, ...pumps], ends };
  fragments.set(workflow, fragment);
  return fragment;
}

/** Counts of what a fragment's channels sent and received. */
export function totals(fragment: Fragment): { sent: number; received: number } {
  let sent = 0;
  let received = 0;
  for (const end of fragment.ends) {
    sent += end.sent;
    received += end.received;
  }
  return { sent, received };
}

/**
 * Runs the fragment of a worker replica: checks that the workflow its factory
 * built agrees with the coordinator's plan, builds the fragment, says it is
 * ready, and runs it when told, answering the coordinator's questions. A
 * transport calls it in each worker, with what it opened there.
 *
 * @example
 * ```ts
 * serveFragment(build(...args), { plan, self: { worker: 'cpu', replica: 0 }, coordinator, channel });
 * ```
 */
export function serveFragment(built: unknown, outpost: Outpost): void {
  const control = outpost.coordinator;
  const who = participantText(outpost.self.worker, outpost.self.replica);
  const workflow = built as Workflow;
  if (
    built === null ||
    typeof built !== 'object' ||
    typeof workflow.start !== 'function' ||
    !Array.isArray(workflow.steps)
  ) {
    failBeforeStart(control, `the factory returned ${describe(built)} in ${who}; it must return a Workflow.`);
    return;
  }
  let fragment: Fragment;
  try {
    const difference = planDifference(makePlan(workflow, outpost.window), outpost.plan);
    if (difference !== null) {
      failBeforeStart(
        control,
        `the factory built another workflow in ${who}: ${difference}. Every worker must build the same workflow (the same factory and arguments).`,
      );
      return;
    }
    let quietSent = false;
    fragment = buildFragment(
      workflow,
      outpost.plan,
      outpost.self,
      (key) => outpost.channel(key),
      () => (quietSent = false),
    );
    const quiet = () => {
      if (quietSent) return;
      quietSent = true;
      control.send({ t: 'quiet' });
    };
    control.receive((message) => {
      switch (message.t) {
        case 'start':
          workflow.start(
            {
              complete: () => control.send({ t: 'done' }),
              error: (err) => control.send(failure(err)),
              stopped: () => {},
              quiet,
            },
            fragment.steps,
          );
          break;
        case 'probe':
          control.send({
            t: 'probed',
            wave: message.wave,
            quiet: workflow.engine?.isQuiet() ?? true,
            ...totals(fragment),
          });
          break;
        case 'stuck?': {
          const streams = workflow.engine?.stuck() ?? [];
          control.send({ t: 'stuck', streams, text: '' });
          break;
        }
        case 'abort':
          workflow.engine?.abort();
          break;
        default:
          break;
      }
    });
  } catch (err) {
    failBeforeStart(control, `${who} could not build its part of the workflow: ${messageOf(err)}`);
    return;
  }
  control.send({ t: 'ready' });
}

/** A fragment's failure as a control message: the failing stream, the message, and the error as thrown. */
export function failure(err: unknown): ControlMessage {
  const cause = err instanceof StreamError ? err.cause : err;
  return {
    t: 'failed',
    stream: err instanceof StreamError ? err.stream : null,
    message: err instanceof StreamError ? messageOf(cause) : messageOf(err),
    error: cause,
  };
}

function failBeforeStart(control: Outpost['coordinator'], message: string): void {
  control.send({ t: 'failed', stream: null, message, error: new MimoError(message) });
}

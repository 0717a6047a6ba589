/**
 * The operations whose time must grow linearly with the size of the workflow,
 * one row each (add a row to cover another path), and how one is measured.
 * `scale-probe.ts` measures a row in a child process; `scale.spec.ts` checks
 * the result.
 */
import {
  DeadlockError,
  Stream,
  StreamError,
  Workflow,
  broadcast,
  collect,
  map,
  merge,
  range,
  zip,
  type Step,
} from '../../../src/index';
import { snapshot } from '../../../src/workflow/metrics';

export interface Operation<T = unknown> {
  readonly what: string;
  /** The smallest size measured: N, then 2N, 4N and 8N. */
  readonly n: number;
  /** Makes what `measure` works on, outside the measurement. */
  readonly prepare: (n: number) => T;
  /** The work measured (a run of a workflow is awaited). */
  readonly measure: (prepared: T, n: number) => unknown;
  /**
   * Collect garbage before each measurement: for work that builds and runs a whole workflow, whose
   * garbage would otherwise be collected, at random, during the next measurement.
   */
  readonly collectFirst?: boolean;
}

const nothing = (): null => null;

/** `n` streams of one default name in a chain: a source and `n - 1` maps. */
function chain(n: number): Workflow {
  const workflow = new Workflow();
  let last: Step<any, any> = workflow.addStream(range(0, 1));
  for (let i = 1; i < n; i++) last = last.pipe(workflow.addStream(map((x: number) => x)));
  return workflow;
}

/** A source, broadcast(n), n maps, merge(n), a sink: an n-way fan-out and fan-in of stages. */
function fan(n: number): Workflow {
  const workflow = new Workflow();
  const out = workflow.addStream(broadcast(n) as Stream<{ in: number }, Record<string, number>>);
  const into = workflow.addStream(merge(n) as Stream<Record<string, number>, { out: number }>);
  workflow.addStream(range(0, 1)).pipe(out);
  for (let i = 0; i < n; i++) {
    const step = workflow.addStream(map((x: number) => x));
    out.output(`out${i}`).pipe(step.input('in'));
    step.output('out').pipe(into.input(`in${i}`));
  }
  into.pipe(workflow.addStream(collect<number>()));
  return workflow;
}

/** One output piped into n inputs, and n outputs piped into one input: fan-out and fan-in by wiring alone. */
function shared(n: number): Workflow {
  const workflow = new Workflow();
  const source = workflow.addStream(range(0, 1));
  const sink = workflow.addStream(collect<number>());
  for (let i = 0; i < n; i++) {
    const step = workflow.addStream(new Stream<{ in: number }, { out: number }>({ ins: ['in'], outs: ['out'] }));
    source.output('out').pipe(step.input('in'));
    step.output('out').pipe(sink.input('in'));
  }
  return workflow;
}

/** n sources zipped: one sync group of n inputs. */
function zipped(n: number): Workflow {
  const workflow = new Workflow();
  const z = workflow.addStream(zip(n) as Stream<Record<string, number>, { out: Record<string, number> }>);
  for (let i = 0; i < n; i++)
    workflow
      .addStream(range(0, 1))
      .output('out')
      .pipe(z.input(`in${i}`));
  return workflow;
}

/* ---------------------------------------------------------------- running */

type Outcome = 'completed' | 'failed' | 'deadlock';

const ends: Record<Outcome, string> = {
  completed: 'carries 3 items',
  failed: 'fails at its end',
  deadlock: 'deadlocks and is diagnosed',
};

function relay(name: string): Stream<{ in: number }, { out: number }> {
  return new Stream<{ in: number }, { out: number }>({
    name,
    ins: ['in'],
    outs: ['out'],
    fn: (ins, outs) => {
      while (ins.in.size > 0 && !outs.out.full) outs.out.push(ins.in.pop());
      return ins.in.size > 0;
    },
  });
}

/** The end of a measured graph: a sink, one that throws at its first item, or a stream that never reads (before the relays). */
function ending(end: Outcome): Stream<{ in: number }, {}> {
  if (end !== 'failed') return collect<number>();
  return new Stream<{ in: number }, {}>({
    name: 'throws',
    ins: ['in'],
    fn: () => {
      throw new Error('at the end of the line');
    },
  });
}

/** Never reads its input: everything after it waits for input forever. */
function lazy(): Stream<{ in: number }, { out: number }> {
  return new Stream<{ in: number }, { out: number }>({ name: 'lazy', ins: ['in'], outs: ['out'], fn: () => undefined });
}

/** source → (lazy →) n relays → end. */
function relayChain(n: number, end: Outcome): Workflow {
  const wf = new Workflow({ capacity: 2 });
  let last: Step<any, { out: number }> = wf.addStream(range(0, 3));
  if (end === 'deadlock') last = last.pipe(wf.addStream(lazy()));
  for (let i = 0; i < n; i++) last = last.pipe(wf.addStream(relay(`r${i}`)));
  last.pipe(wf.addStream(ending(end)));
  return wf;
}

/** source (→ lazy) → n relays, one output piped to all → one input of the end, all piped into it. */
function relayFan(n: number, end: Outcome): Workflow {
  const wf = new Workflow({ capacity: 2 });
  let source: Step<any, { out: number }> = wf.addStream(range(0, 3));
  if (end === 'deadlock') source = source.pipe(wf.addStream(lazy()));
  const sink = wf.addStream(ending(end));
  for (let i = 0; i < n; i++) source.pipe(wf.addStream(relay(`r${i}`))).pipe(sink);
  return wf;
}

/** Runs `wf`, reading all of a deadlock's diagnosis; throws unless it ends as `expected`. */
async function expectOutcome(wf: Workflow, expected: Outcome): Promise<void> {
  let outcome: Outcome = 'completed';
  try {
    await wf.run();
  } catch (err) {
    if (err instanceof DeadlockError) {
      void err.diagnosis.toDot();
      outcome = 'deadlock';
    } else if (err instanceof StreamError) outcome = 'failed';
    else throw err;
  }
  if (outcome !== expected) throw new Error(`the run ended as ${outcome}, expected ${expected}`);
}

function row<T>(op: Operation<T>): Operation {
  return op as Operation;
}

export const OPERATIONS: readonly Operation[] = [
  row({
    what: 'adding a chain of N streams of one default name',
    n: 1250,
    prepare: nothing,
    measure: (_, n) => chain(n),
  }),
  row({ what: 'toDot() of a chain of N streams', n: 5000, prepare: chain, measure: (wf) => wf.toDot() }),
  row({ what: 'toMermaid() of a chain of N streams', n: 5000, prepare: chain, measure: (wf) => wf.toMermaid() }),
  row({
    what: 'toDot(snapshot) of a chain of N streams',
    n: 5000,
    prepare: (n) => {
      const wf = chain(n);
      return { wf, metrics: snapshot(wf, 0) };
    },
    measure: ({ wf, metrics }) => wf.toDot(metrics),
  }),
  row({ what: 'building an N-way fan-out and fan-in of stages', n: 250, prepare: nothing, measure: (_, n) => fan(n) }),
  row({ what: 'toDot() of an N-way fan-out and fan-in', n: 250, prepare: fan, measure: (wf) => wf.toDot() }),
  row({ what: 'toMermaid() of an N-way fan-out and fan-in', n: 250, prepare: fan, measure: (wf) => wf.toMermaid() }),
  row({
    what: 'piping one output into N inputs and N outputs into one input',
    n: 250,
    prepare: nothing,
    measure: (_, n) => shared(n),
  }),
  row({ what: 'zip of N sources (a sync group of N inputs)', n: 250, prepare: nothing, measure: (_, n) => zipped(n) }),
  ...(['completed', 'failed', 'deadlock'] as const).flatMap((end) => [
    row({
      what: `building and running a chain of N relays that ${ends[end]}`,
      n: 2500,
      prepare: nothing,
      measure: (_, n) => expectOutcome(relayChain(n, end), end),
      collectFirst: true,
    }),
    row({
      what: `building and running an N-way fan-out/fan-in of relays that ${ends[end]}`,
      n: 1000,
      prepare: nothing,
      measure: (_, n) => expectOutcome(relayFan(n, end), end),
      collectFirst: true,
    }),
  ]),
];

/** What a measurement found: the least CPU milliseconds at N, 2N, 4N and 8N. */
export interface Measured {
  readonly sizes: readonly number[];
  readonly cpu: readonly number[];
}

/** Milliseconds of CPU time `fn` takes (awaited: a run yields to the event loop, which costs no CPU). */
async function cpu(fn: () => unknown, collectFirst: boolean): Promise<number> {
  if (collectFirst) (globalThis as { gc?: () => void }).gc?.();
  const start = process.cpuUsage();
  await fn();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

/** Rounds of measurement: each size's least time over them counts. */
const ROUNDS = 5;

/**
 * Measures `op` at N, 2N, 4N and 8N, each prepared once: a warm-up run, then
 * ROUNDS rounds over the sizes in turn (so that a slow spell of the machine
 * hits every size alike), keeping each size's least CPU time.
 */
export async function measure(op: Operation): Promise<Measured> {
  const sizes = [1, 2, 4, 8].map((k) => k * op.n);
  const prepared = sizes.map((n) => op.prepare(n));
  await op.measure(prepared[0], sizes[0]);
  const best = sizes.map(() => Infinity);
  for (let round = 0; round < ROUNDS; round++) {
    for (let i = 0; i < sizes.length; i++) {
      best[i] = Math.min(best[i], await cpu(() => op.measure(prepared[i], sizes[i]), op.collectFirst === true));
    }
  }
  return { sizes, cpu: best };
}

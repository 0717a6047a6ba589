/**
 * The operations whose time must grow linearly with the size of the workflow,
 * one row each (add a row to cover another path), and how one is measured.
 * `scale-probe.ts` measures a row in a child process; `scale.spec.ts` checks
 * the result.
 */
import { Stream, Workflow, broadcast, collect, map, merge, range, zip, type Step } from '../../../src/index';
import { snapshot } from '../../../src/workflow/metrics';

export interface Operation<T = unknown> {
  readonly what: string;
  /** The smallest size measured: N, then 2N, 4N and 8N. */
  readonly n: number;
  /** Makes what `measure` works on, outside the measurement. */
  readonly prepare: (n: number) => T;
  /** The work measured. */
  readonly measure: (prepared: T, n: number) => void;
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
  row({ what: 'toDot() of a chain of N streams', n: 1250, prepare: chain, measure: (wf) => wf.toDot() }),
  row({ what: 'toMermaid() of a chain of N streams', n: 1250, prepare: chain, measure: (wf) => wf.toMermaid() }),
  row({
    what: 'toDot(snapshot) of a chain of N streams',
    n: 1250,
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
];

/** What a measurement found: the least CPU milliseconds at N, 2N, 4N and 8N. */
export interface Measured {
  readonly sizes: readonly number[];
  readonly cpu: readonly number[];
}

/** Milliseconds of CPU time `fn` takes. */
function cpu(fn: () => void): number {
  const start = process.cpuUsage();
  fn();
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
export function measure(op: Operation): Measured {
  const sizes = [1, 2, 4, 8].map((k) => k * op.n);
  const prepared = sizes.map((n) => op.prepare(n));
  op.measure(prepared[0], sizes[0]);
  const best = sizes.map(() => Infinity);
  for (let round = 0; round < ROUNDS; round++) {
    sizes.forEach((n, i) => {
      best[i] = Math.min(
        best[i],
        cpu(() => op.measure(prepared[i], n)),
      );
    });
  }
  return { sizes, cpu: best };
}

/**
 * The graphs of the scale spec and the operations measured on them, by name,
 * so that a child process (with a heap of its own and `--expose-gc`) can run
 * one at a given size and print its CPU time: see `scale-child.ts`.
 */
import { DeadlockError, Stream, StreamError, Workflow, collect, fromIterable, type Step } from '../../../src/index';

/** A step to pipe on from. */
type Tail = Step<any, { out: number }>;

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

/** A sink that throws at its first item. */
function throwing(): Stream<{ in: number }, {}> {
  return new Stream<{ in: number }, {}>({
    name: 'throws',
    ins: ['in'],
    fn: () => {
      throw new Error('at the end of the line');
    },
  });
}

/** Never reads its input. */
function lazy(): Stream<{ in: number }, { out: number }> {
  return new Stream<{ in: number }, { out: number }>({ name: 'lazy', ins: ['in'], outs: ['out'], fn: () => undefined });
}

type End = 'collect' | 'throws' | 'lazy';
export type Outcome = 'completed' | 'failed' | 'deadlock';

/** source → (lazy →) n relays → sink. */
function chain(n: number, end: End): Workflow {
  const wf = new Workflow({ capacity: 2 });
  let last: Tail = wf.addStream(fromIterable([0, 1, 2]));
  if (end === 'lazy') last = last.pipe(wf.addStream(lazy()));
  for (let i = 0; i < n; i++) last = last.pipe(wf.addStream(relay(`r${i}`)));
  last.pipe(wf.addStream(end === 'throws' ? throwing() : collect<number>()));
  return wf;
}

/** source → n relays (one output piped to all) → one input of a sink (all piped into it). */
function fan(n: number, end: End): Workflow {
  const wf = new Workflow({ capacity: 2 });
  let src: Tail = wf.addStream(fromIterable([0, 1, 2]));
  if (end === 'lazy') src = src.pipe(wf.addStream(lazy()));
  const sink = wf.addStream(end === 'throws' ? throwing() : collect<number>());
  for (let i = 0; i < n; i++) src.pipe(wf.addStream(relay(`r${i}`))).pipe(sink);
  return wf;
}

async function outcomeOf(wf: Workflow): Promise<Outcome> {
  try {
    await wf.run();
    return 'completed';
  } catch (err) {
    if (err instanceof DeadlockError) {
      // Reading the whole diagnosis is part of the cost measured.
      void err.diagnosis.toDot();
      void err.message;
      return 'deadlock';
    }
    if (err instanceof StreamError) return 'failed';
    throw err;
  }
}

export interface ScaleCase {
  readonly what: string;
  /** The smaller size; the spec compares it with 4N. */
  readonly n: number;
  readonly expected: Outcome;
  /** Builds and runs at size n. */
  readonly run: (n: number) => Promise<Outcome>;
}

export const scaleCases: Record<string, ScaleCase> = {
  'chain-run': {
    what: 'a chain of N streams carries 3 items',
    n: 5000,
    expected: 'completed',
    run: (n) => outcomeOf(chain(n, 'collect')),
  },
  'chain-fail': {
    what: 'a chain of N streams fails at its end',
    n: 5000,
    expected: 'failed',
    run: (n) => outcomeOf(chain(n, 'throws')),
  },
  'chain-deadlock': {
    what: 'a chain of N streams deadlocks and is diagnosed',
    n: 5000,
    expected: 'deadlock',
    run: (n) => outcomeOf(chain(n, 'lazy')),
  },
  'fan-run': {
    what: 'an N-way fan-out/fan-in carries 3 items',
    n: 1000,
    expected: 'completed',
    run: (n) => outcomeOf(fan(n, 'collect')),
  },
  'fan-fail': {
    what: 'an N-way fan-out/fan-in fails at its end',
    n: 1000,
    expected: 'failed',
    run: (n) => outcomeOf(fan(n, 'throws')),
  },
  'fan-deadlock': {
    what: 'an N-way fan-out/fan-in deadlocks and is diagnosed',
    n: 1000,
    expected: 'deadlock',
    run: (n) => outcomeOf(fan(n, 'lazy')),
  },
};

/**
 * Workflows for the transport specs: each factory builds the same workflow in
 * the coordinator and in every worker (a thread imports this module). Results
 * reach the spec through `out` in the coordinator; workers get clones of it.
 */
import { isMainThread } from 'node:worker_threads';
import { Stream, Workflow, collect, fromIterable, map, type Inputs } from '../../src/index';

/** What a spec reads back from the coordinator's copy of a workflow. */
export interface Out {
  items: unknown[];
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

/** numbers → square (on worker `cpu`, `replicas` of them; by `x % 3` when partitioned) → sink. */
export function squares(n: number, replicas: number, out: Out, partition = false, pack = 3, window = 2): Workflow {
  const wf = new Workflow({ capacity: 4 });
  const sink = collect<number>();
  out.items = sink.items;
  wf.addStream(fromIterable(range(n), { name: 'numbers' }))
    .pipe(
      wf.addStream(
        map((x: number) => x * x, { name: 'square' }),
        { worker: 'cpu', replicas, partitionBy: partition ? (x: number) => x % 3 : undefined },
      ),
      { pack, window },
    )
    .pipe(wf.addStream(sink));
  return wf;
}

/** numbers → fragile (on `w`: throws `Error('two')` at 2) → sink. */
export function fragile(): Workflow {
  const wf = new Workflow();
  wf.addStream(fromIterable([1, 2, 3]))
    .pipe(
      wf.addStream(
        map(
          (x: number) => {
            if (x === 2) throw new Error('two');
            return x;
          },
          { name: 'fragile' },
        ),
        { worker: 'w' },
      ),
    )
    .pipe(wf.addStream(collect<number>()));
  return wf;
}

/** numbers → lazy (on `w`: never reads its input): stuck across the boundary. */
export function lazy(): Workflow {
  const wf = new Workflow({ capacity: 2 });
  const stream = new Stream<{ in: number }, {}>({ name: 'lazy', ins: ['in'], fn: () => undefined });
  wf.addStream(fromIterable(range(100), { name: 'numbers' })).pipe(wf.addStream(stream, { worker: 'w' }), {
    pack: 2,
    window: 1,
  });
  return wf;
}

/** What is stuck, and where, when `lazy` runs over a transport. */
export const lazyStuck = [
  'lazy@w#0: holding unread input',
  'numbers@coordinator: waiting for room',
  '← numbers.out->lazy.in[0]@w#0: receiving, waiting for room',
  '→ numbers.out->lazy.in@coordinator: sending, waiting for credit',
];

/** numbers → quitter (on `w`: its thread exits at item `at`) → sink. Only for threads. */
export function quitter(at: number): Workflow {
  const wf = new Workflow();
  wf.addStream(fromIterable(range(10)))
    .pipe(
      wf.addStream(
        map(
          (x: number) => {
            if (x === at && !isMainThread) process.exit(3);
            return x;
          },
          { name: 'quitter' },
        ),
        { worker: 'w' },
      ),
    )
    .pipe(wf.addStream(collect<number>()));
  return wf;
}

/** On `w`: makes functions, which cannot cross back to the sink. */
export function uncloneable(): Workflow {
  const wf = new Workflow();
  wf.addStream(fromIterable([1, 2]))
    .pipe(
      wf.addStream(
        map((x: number) => () => x, { name: 'maker' }),
        { worker: 'w' },
      ),
    )
    .pipe(wf.addStream(collect<() => number>({ name: 'sink' })));
  return wf;
}

/** An endless source (in the coordinator) into `replicas` slow sinks on `w` that report finalize on `channel`. */
export function endless(replicas: number, channel: string): Workflow {
  const wf = new Workflow({ capacity: 2 });
  let i = 0;
  let ran = false;
  const source = new Stream<{}, { out: number }>({
    name: 'endless',
    outs: ['out'],
    fn: (_ins, outs) => {
      while (!outs.out.full) outs.out.push(i++);
      return true;
    },
  });
  const sink = new Stream<{ in: number }, {}>({
    name: 'slow',
    ins: ['in'],
    fn: (ins: Inputs<{ in: number }>) =>
      new Promise<boolean>((resolve) => {
        if (!ran) {
          ran = true;
          const bc = new BroadcastChannel(channel);
          bc.postMessage('ran');
          bc.close();
        }
        if (ins.in.size > 0) ins.in.pop();
        setImmediate(() => resolve(ins.in.size > 0));
      }),
    finalize: (_state, ending) => {
      const bc = new BroadcastChannel(channel);
      bc.postMessage(`finalized: ${ending.reason}`);
      bc.close();
    },
  });
  wf.addStream(source).pipe(wf.addStream(sink, { worker: 'w', replicas }), { pack: 2, window: 1 });
  return wf;
}

/** A factory that throws in workers (not in the coordinator). */
export function brokenInWorkers(): Workflow {
  if (!isMainThread) throw new Error('no workflow here');
  return squares(3, 1, { items: [] });
}

/** On `w`: holds on to ever more memory, until its thread runs out (with `resourceLimits`). Only for threads. */
export function hog(): Workflow {
  const wf = new Workflow();
  const held: number[][] = [];
  wf.addStream(fromIterable(range(1000)))
    .pipe(
      wf.addStream(
        map(
          (x: number) => {
            if (!isMainThread) for (let i = 0; i < 1000; i++) held.push(new Array(10_000).fill(x));
            return x;
          },
          { name: 'hog' },
        ),
        { worker: 'w' },
      ),
    )
    .pipe(wf.addStream(collect<number>()));
  return wf;
}

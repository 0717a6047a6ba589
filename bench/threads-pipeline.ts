/**
 * The workflows of the threads benchmark (`npm run bench -- --scenario threads`):
 * each worker thread imports this module and calls the same factory.
 */
import { Stream, Workflow, map, range } from '../src/index';

/** Spins for `us` microseconds of CPU: the cost of a CPU-bound step (parsing, scoring) per item. */
function burn(x: number, us: number): number {
  const end = performance.now() + us / 1000;
  let h = x;
  while (performance.now() < end) h = (h * 31 + 7) % 1_000_003;
  return h;
}

/** What a counting sink took, and when it took its first and last item (ms, `performance.now()`). */
export interface Counted {
  n: number;
  first: number;
  last: number;
}

export const counted = (): Counted => ({ n: 0, first: 0, last: 0 });

/** A sink that counts what it takes (the coordinator reads `counted`). */
function counter(counted: Counted): Stream<{ in: number }, {}> {
  return new Stream<{ in: number }, {}>({
    name: 'count',
    ins: ['in'],
    fn: (ins) => {
      if (counted.n === 0) counted.first = performance.now();
      while (ins.in.size > 0) {
        ins.in.pop();
        counted.n++;
      }
      counted.last = performance.now();
    },
  });
}

/**
 * numbers → work (costing `us` µs per item, on worker `cpu` × `replicas`, or in the coordinator when
 * `replicas` is 0) → count.
 */
export function cpuBound(
  n: number,
  us: number,
  replicas: number,
  counted: Counted = { n: 0, first: 0, last: 0 },
): Workflow {
  const wf = new Workflow({ capacity: 64 });
  const work = wf.addStream(
    map((x: number) => burn(x, us), { name: 'work' }),
    replicas > 0 ? { worker: 'cpu', replicas } : undefined,
  );
  wf.addStream(range(0, n, 1, { name: 'numbers' }))
    .pipe(work, { pack: 20, window: 4 })
    .pipe(wf.addStream(counter(counted)), { pack: 20, window: 4 });
  return wf;
}

/** numbers (coordinator) → count (worker `w`): one thread boundary, nothing else to do. */
export function crossing(
  n: number,
  pack: number,
  window: number,
  counted: Counted = { n: 0, first: 0, last: 0 },
): Workflow {
  const wf = new Workflow({ capacity: 256 });
  wf.addStream(range(0, n, 1, { name: 'numbers' })).pipe(wf.addStream(counter(counted), { worker: 'w' }), {
    pack,
    window,
  });
  return wf;
}

/**
 * An endless source (coordinator) into a sink on worker `w` that takes one item per millisecond: the
 * coordinator's memory must stay flat however long it runs. `peak` records the most items the source's
 * connection ever held.
 */
export function stalled(pack: number, window: number): Workflow {
  const wf = new Workflow({ capacity: 64 });
  let i = 0;
  const source = new Stream<{}, { out: number[] }>({
    name: 'endless',
    outs: ['out'],
    fn: (_ins, outs) => {
      // Items of ~1 KB each, so that anything held shows in the heap.
      while (!outs.out.full) outs.out.push(new Array(128).fill(i++));
      return true;
    },
  });
  const slow = new Stream<{ in: number[] }, {}>({
    name: 'slow',
    ins: ['in'],
    fn: (ins) =>
      new Promise<boolean>((resolve) =>
        setTimeout(() => {
          if (ins.in.size > 0) ins.in.pop();
          resolve(true);
        }, 1),
      ),
  });
  wf.addStream(source).pipe(wf.addStream(slow, { worker: 'w' }), { pack, window });
  return wf;
}

/**
 * A chain spread over two workers, for the fault properties of runs over a
 * transport: numbers (coordinator) → work (worker `w`, replicas, maybe
 * partitioned) → tag (worker `v`) → sink (coordinator). A fault is planted in
 * `work` at one item: a throw, or (in a thread) the thread's exit. This
 * module is also what each worker thread imports.
 */
import { isMainThread } from 'node:worker_threads';
import * as fc from 'fast-check';
import { Workflow, forEach, fromIterable, map } from '../../../src/index';

export type Fault = 'none' | 'throw' | 'exit' | 'abort';

export interface ChainCase {
  readonly n: number;
  readonly replicas: number;
  readonly partition: boolean;
  readonly pack: number;
  readonly window: number;
  readonly capacity: number;
  readonly fault: Fault;
  /** The item at which the fault strikes (for `abort`: the count of items the sink has taken). */
  readonly at: number;
}

export const chainCaseArb = (faults: readonly Fault[]): fc.Arbitrary<ChainCase> =>
  fc
    .record({
      n: fc.integer({ min: 0, max: 300 }),
      replicas: fc.integer({ min: 1, max: 3 }),
      partition: fc.boolean(),
      pack: fc.integer({ min: 1, max: 20 }),
      window: fc.integer({ min: 1, max: 4 }),
      capacity: fc.integer({ min: 1, max: 8 }),
      fault: fc.constantFrom(...faults),
      at: fc.nat(),
    })
    .map((c) => ({ ...c, at: c.n === 0 ? 0 : c.at % c.n }));

/** The key of an item when the case is partitioned. */
export const keyOf = (x: number): number => x % 5;

/** What the sink receives from `x` when nothing goes wrong. */
export const result = (x: number): number => x * x * 2 + 1;

/** The coordinator passes `hooks` (workers get none): what the sink took, and the abort of the run. */
export function placedChain(c: ChainCase, hooks?: { taken: number[]; abort(): void }): Workflow {
  const wf = new Workflow({ capacity: c.capacity, strict: true });
  const work = map(
    (x: number) => {
      if (x === c.at && c.fault === 'throw') throw new Error(`boom at ${x}`);
      if (x === c.at && c.fault === 'exit' && !isMainThread) process.exit(7);
      return x * x;
    },
    { name: 'work' },
  );
  const sink = forEach(
    (y: number) => {
      hooks?.taken.push(y);
      if (c.fault === 'abort' && hooks !== undefined && hooks.taken.length === c.at + 1) hooks.abort();
    },
    { name: 'sink' },
  );
  wf.addStream(
    fromIterable(
      Array.from({ length: c.n }, (_, i) => i),
      { name: 'numbers' },
    ),
  )
    .pipe(wf.addStream(work, { worker: 'w', replicas: c.replicas, partitionBy: c.partition ? keyOf : undefined }), {
      pack: c.pack,
      window: c.window,
    })
    .pipe(
      wf.addStream(
        map((y: number) => y * 2 + 1, { name: 'tag' }),
        { worker: 'v' },
      ),
      {
        pack: c.pack,
        window: c.window,
      },
    )
    .pipe(wf.addStream(sink), { pack: c.pack, window: c.window });
  return wf;
}

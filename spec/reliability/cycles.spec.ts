/**
 * Cycles: feedback loops either complete or end in a DeadlockError; they
 * never hang.
 *
 * How a cycle can complete. An input closes only when every output piped into
 * it has closed, and on a cycle one of those outputs belongs to a stream on the
 * loop itself, which stays open until that stream finishes, which it does only
 * once its inputs are done: a circular wait the engine reports as a deadlock.
 * So some stream on the loop must close its back-edge output itself, as soon
 * as it knows that nothing more will go round:
 *
 * - back edge on its own input port (the retry loop below): the stream sees
 *   its outside input close and counts the items it has sent round and not
 *   yet seen back; when the input is done and none are in flight, it closes
 *   the back edge, its loop input then closes, and it finishes.
 * - back edge merged into an input with outside producers (the counter loop
 *   below): the input cannot tell the stream that the outside producers have
 *   closed (it stays open while the back edge is open), so the stream must know
 *   from the items themselves when it is done, e.g. how many results to expect.
 */
import * as fc from 'fast-check';
import { DeadlockError, Stream, Workflow, collect, fromIterable } from '../../src/index';
import { graphArb, withBackEdges } from './support/graph';
import { doubler } from './support/loops';
import { buildGraph } from './support/run-graph';
import { PROPERTY_TIMEOUT, assertProperty, within } from './support/property';
import { finalizeProblems, quiesce, timerCounts, timerProblems } from './support/teardown';

interface Job {
  readonly id: number;
  readonly attempt: number;
}

/** Fails every third job on its first attempt and sends it round again; closes the loop once nothing is in flight. */
function retryWorker(): Stream<{ in: Job; retry: Job }, { ok: Job; again: Job }> {
  let inFlight = 0;
  return new Stream<{ in: Job; retry: Job }, { ok: Job; again: Job }>({
    name: 'worker',
    ins: ['in', 'retry'],
    outs: ['ok', 'again'],
    fn: (ins, outs) => {
      const take = (job: Job) => {
        if (job.id % 3 === 0 && job.attempt === 0) {
          inFlight++;
          outs.again.push({ id: job.id, attempt: 1 });
        } else {
          outs.ok.push(job);
        }
      };
      // The loop's own items first: they free room in the cycle.
      while (ins.retry.size > 0 && !outs.ok.full) {
        inFlight--;
        outs.ok.push(ins.retry.pop());
      }
      while (ins.in.size > 0 && !outs.ok.full && !outs.again.full) take(ins.in.pop());
      if (ins.in.done && inFlight === 0) outs.again.close();
      return (ins.retry.size > 0 || ins.in.size > 0) && !outs.ok.full && !outs.again.full;
    },
  });
}

/** Counts each item down round the loop; knows it is done once it has seen `expected` items reach zero. */
function countdown(expected: number): Stream<{ in: [number, number] }, { loop: [number, number]; done: number }> {
  let finished = 0;
  let held: [number, number] | null = null;
  return new Stream<{ in: [number, number] }, { loop: [number, number]; done: number }>({
    name: 'countdown',
    ins: ['in'],
    outs: ['loop', 'done'],
    fn: (ins, outs) => {
      // Popping first matters: the loop output feeds this very input, so a
      // full input is a full loop output that only this stream can drain.
      for (;;) {
        if (held === null) {
          if (ins.in.size === 0 || outs.done.full) return false;
          const [id, n] = ins.in.pop();
          if (n === 0) {
            outs.done.push(id);
            if (++finished === expected) outs.loop.close();
            continue;
          }
          held = [id, n - 1];
        }
        if (outs.loop.full) return true;
        outs.loop.push(held);
        held = null;
      }
    },
  });
}

describe('reliability: cycles', () => {
  it('a retry loop on its own input port completes with every job exactly once', async () => {
    for (const capacity of [1, 2, 16]) {
      const wf = new Workflow({ capacity, strict: true });
      const ids = Array.from({ length: 40 }, (_, i) => i);
      const source = wf.addStream(fromIterable(ids.map((id): Job => ({ id, attempt: 0 }))));
      const worker = wf.addStream(retryWorker());
      const sink = collect<Job>();
      source.output('out').pipe(worker.input('in'));
      worker.output('again').pipe(worker.input('retry'));
      worker.output('ok').pipe(wf.addStream(sink).input('in'));
      await within(wf.run(), 5000, `the retry loop (capacity ${capacity})`);
      expect(sink.items.map((j) => j.id).sort((a, b) => a - b)).toEqual(ids);
      expect(
        sink.items
          .filter((j) => j.attempt === 1)
          .map((j) => j.id)
          .sort((a, b) => a - b),
      ).toEqual(ids.filter((i) => i % 3 === 0));
    }
  });

  it('a counter loop merged into its outside input completes once the stream closes its back edge', async () => {
    const wf = new Workflow({ capacity: 2, strict: true });
    const counts = [5, 0, 3, 8, 1];
    const source = wf.addStream(fromIterable(counts.map((n, id): [number, number] => [id, n])));
    const loop = wf.addStream(countdown(counts.length));
    const sink = collect<number>();
    source.output('out').pipe(loop.input('in'));
    loop.output('loop').pipe(loop.input('in'));
    loop.output('done').pipe(wf.addStream(sink).input('in'));
    await within(wf.run(), 5000, 'the counter loop');
    // Every item reaches zero, after n trips round the loop (the order depends on the trips).
    expect([...sink.items].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4]);
    expect(loop.inputPort('in').conn.received).toBe(counts.length + counts.reduce((a, b) => a + b, 0));
  });

  it('a merged loop whose stream never closes its back edge ends in a DeadlockError naming it', async () => {
    const wf = new Workflow({ capacity: 2 });
    const source = wf.addStream(fromIterable([[0, 2] as [number, number]]));
    const loop = wf.addStream(countdown(Infinity));
    source.output('out').pipe(loop.input('in'));
    loop.output('loop').pipe(loop.input('in'));
    loop.output('done').pipe(wf.addStream(collect<number>()).input('in'));
    const err = await within(
      wf.run().then(
        () => undefined,
        (e: unknown) => e,
      ),
      5000,
      'the unclosed loop',
    );
    expect(err).toBeInstanceOf(DeadlockError);
    expect((err as DeadlockError).stuck.map((s) => s.stream)).toEqual(['collect', 'countdown']);
    expect((err as DeadlockError).stuck[1].inputs).toEqual([
      { from: 'fromIterable.out, countdown.loop', to: 'countdown.in', size: 0, capacity: 2, state: 'open' },
    ]);
  });

  it('a loop whose buffers fill up ends in a DeadlockError, not a hang', async () => {
    const wf = new Workflow({ capacity: 1, strict: true });
    const seed = wf.addStream(fromIterable([1]));
    const a = wf.addStream(doubler('a'));
    const b = wf.addStream(doubler('b'));
    seed.output('out').pipe(a.input('in'));
    a.pipe(b);
    b.output('out').pipe(a.input('in'));
    const err = await within(
      wf.run().then(
        () => undefined,
        (e: unknown) => e,
      ),
      5000,
      'the filling loop',
    );
    expect(err).toBeInstanceOf(DeadlockError);
    expect((err as DeadlockError).stuck.map((s) => `${s.stream}: ${s.state}`).sort()).toEqual([
      'a: waiting for room',
      'b: waiting for room',
    ]);
  });

  it(
    'random graphs with back edges complete or deadlock, never hang, and release everything',
    async () => {
      const cyclic = fc
        .record({
          graph: graphArb(10),
          back: fc.array(fc.tuple(fc.nat(), fc.nat(), fc.nat(), fc.nat()), { minLength: 1, maxLength: 4 }),
        })
        .map(({ graph, back }) => withBackEdges(graph, back));
      await assertProperty(
        'cycles',
        cyclic,
        async (graph) => {
          const timersBefore = timerCounts();
          const built = buildGraph(graph, { clock: 0, runsAfterFinalize: 0, maxHops: 6 });
          const outcome = await within(
            built.workflow.run().then(
              () => 'completed',
              (e: unknown) => e,
            ),
            5000,
            'the cyclic run',
          );
          await quiesce();
          const problems: string[] = [];
          if (outcome !== 'completed' && !(outcome instanceof DeadlockError))
            problems.push(`ended with ${String(outcome)}`);
          if (outcome instanceof DeadlockError) {
            const unfinished = built.steps
              .filter((s) => s.state !== 'finished')
              .map((s) => s.name)
              .sort();
            const stuck = outcome.stuck.map((s) => s.stream).sort();
            if (unfinished.join() !== stuck.join())
              problems.push(`the deadlock names [${stuck}] but [${unfinished}] were unfinished`);
          }
          problems.push(...finalizeProblems(built));
          for (let j = 0; j < built.steps.length; j++) {
            for (let k = 0; k < graph.nodes[j].ins; k++) {
              const conn = built.steps[j].inputPort(`i${k}`).conn;
              if (conn.peak > conn.capacity)
                problems.push(`n${j}.i${k}: buffered ${conn.peak} items, capacity ${conn.capacity}`);
            }
          }
          problems.push(...timerProblems(timersBefore));
          if (problems.length > 0) throw new Error(problems.join('\n'));
        },
        200,
      );
    },
    PROPERTY_TIMEOUT,
  );
});

/**
 * Never hang: a run that cannot make progress ends in a DeadlockError with a
 * diagnosis, however it got stuck — a busy loop (a stream that keeps asking
 * to run and moves nothing), a live outside source whose every consumer is
 * blocked (nothing it could emit would move anything), an unbounded source
 * that completed with items it can never deliver. A run that legitimately
 * waits for an outside source is never reported.
 */
import * as fc from 'fast-check';
import { NEVER, concat, from, interval, of } from 'rxjs';
import { DeadlockError, Stream, Workflow, collect, fromIterable, type Overflow } from '../../src/index';
import { graphArb, withBackEdges } from './support/graph';
import { doubler } from './support/loops';
import { buildGraph } from './support/run-graph';
import { PROPERTY_TIMEOUT, assertProperty, within } from './support/property';
import { finalizeProblems, quiesce, timerCounts, timerProblems } from './support/teardown';
import type { Token } from './support/stages';

async function outcome(run: Promise<void>): Promise<unknown> {
  return within(
    run.then(
      () => 'completed',
      (e: unknown) => e,
    ),
    10_000,
    'the run',
  );
}

/** Asks to run again forever and moves nothing. */
function spinner(name: string, async: boolean): Stream<{}, { out: number }> {
  return new Stream<{}, { out: number }>({
    name,
    outs: ['out'],
    fn: async ? async () => true : () => true,
  });
}

describe('reliability: never hang', () => {
  for (const async of [false, true]) {
    it(`a ${async ? 'async ' : ''}stream that returns true and moves nothing is reported as a busy loop`, async () => {
      const wf = new Workflow();
      wf.addStream(spinner('spin', async)).pipe(wf.addStream(collect<number>()));
      const err = await outcome(wf.run());
      expect(err).toBeInstanceOf(DeadlockError);
      const d = err as DeadlockError;
      expect(d.message.split('\n')[0]).toBe(
        'deadlock: a busy loop: "spin" kept returning true from run() without popping or pushing anything, ' +
          'and nothing else can make progress.',
      );
      expect(d.stuck.map((s) => `${s.stream}: ${s.state}`)).toEqual([
        'collect: waiting for input',
        'spin: asking to run again without progress',
      ]);
      expect(d.diagnosis.text).toBe(
        [
          'waiting chain:',
          '  collect waits for input from spin on spin.out -> collect.in (0/64, empty)',
          '  spin (asking to run again without progress) returns true from run() but moves nothing: ' +
            'return true only while an output is full or work is left.',
        ].join('\n'),
      );
    });
  }

  it('a busy loop beside a pipeline that moves is not reported until the pipeline is done', async () => {
    const wf = new Workflow({ capacity: 1 });
    const sink = collect<number>();
    wf.addStream(fromIterable(Array.from({ length: 20_000 }, (_, i) => i))).pipe(wf.addStream(sink));
    wf.addStream(spinner('spin', false)).pipe(wf.addStream(collect<number>({ name: 'other' })));
    const err = await outcome(wf.run());
    expect(sink.items.length).toBe(20_000);
    expect(err).toBeInstanceOf(DeadlockError);
    expect((err as DeadlockError).stuck.map((s) => s.stream)).toEqual(['other', 'spin']);
  });

  it('a stream that chunks work with true and pushes now and then is not a busy loop', async () => {
    const wf = new Workflow();
    const sink = collect<number>();
    let i = 0;
    wf.addStream(
      new Stream<{}, { out: number }>({
        name: 'chunked',
        outs: ['out'],
        // 5 000 quiet runs between pushes: under the busy-loop limit.
        fn: (_ins, outs) => {
          i++;
          if (i % 5000 === 0) outs.out.push(i);
          return i < 20_000 ? true : undefined;
        },
      }),
    ).pipe(wf.addStream(sink));
    await wf.run();
    expect(sink.items).toEqual([5000, 10000, 15000, 20000]);
  });

  for (const [what, source] of [
    ['a synchronous burst then silence', () => concat(of(1, 2, 3), NEVER)],
    ['interval(1)', () => interval(1)],
  ] as const) {
    it(`a full loop fed by a live Observable source (${what}) ends in a DeadlockError naming the source`, async () => {
      const wf = new Workflow({ capacity: 1, strict: true });
      const live = wf.addSource(source(), { name: 'live', overflow: 'drop-newest' });
      const a = wf.addStream(doubler('a'));
      const b = wf.addStream(doubler('b'));
      live.output('out').pipe(a.input('in'));
      a.pipe(b);
      b.output('out').pipe(a.input('in'));
      const err = await outcome(wf.run());
      expect(err).toBeInstanceOf(DeadlockError);
      expect((err as DeadlockError).stuck.map((s) => `${s.stream}: ${s.state}`).sort()).toEqual([
        'a: waiting for room',
        'b: waiting for room',
        'live: fed from outside, nothing it emits can move',
      ]);
    });
  }

  it('a live Observable source whose consumer can still run keeps the run waiting, not failed', async () => {
    const wf = new Workflow({ capacity: 2 });
    const sink = collect<number>();
    wf.addSource(concat(of(1, 2, 3), NEVER), { name: 'live' }).pipe(wf.addStream(sink));
    const controller = new AbortController();
    const run = outcome(wf.run({ signal: controller.signal }));
    await quiesce();
    expect(sink.items).toEqual([1, 2, 3]);
    controller.abort();
    expect((await run) instanceof DeadlockError).toBe(false);
  });

  it("an 'unbounded' source that completed with items it cannot deliver ends in a DeadlockError", async () => {
    const wf = new Workflow({ capacity: 2 });
    wf.addSource(from([1, 2, 3, 4, 5, 6]), { name: 'burst', overflow: 'unbounded' }).pipe(
      wf.addStream(new Stream<{ in: number }, {}>({ name: 'lazy', ins: ['in'], fn: () => undefined })),
    );
    const err = await outcome(wf.run());
    expect(err).toBeInstanceOf(DeadlockError);
    expect((err as DeadlockError).stuck.map((s) => `${s.stream}: ${s.state}`)).toEqual([
      'lazy: holding unread input',
      'burst: waiting for room',
    ]);
  });

  it(
    'random cyclic graphs with busy loops and live sources placed at random end in the right error, or wait only when they may',
    async () => {
      const placement = fc.record({
        spinner: fc.option(fc.record({ async: fc.boolean(), to: fc.nat(), input: fc.nat() }), { nil: undefined }),
        live: fc.option(
          fc.record({
            items: fc.array(fc.integer({ min: 0, max: 99 }), { maxLength: 12 }),
            overflow: fc.constantFrom<Overflow>('drop-newest', 'drop-oldest', 'unbounded'),
            to: fc.nat(),
            input: fc.nat(),
          }),
          { nil: undefined },
        ),
      });
      const arb = fc.record({
        graph: graphArb(8),
        back: fc.array(fc.tuple(fc.nat(), fc.nat(), fc.nat(), fc.nat()), { maxLength: 3 }),
        placement,
      });
      await assertProperty(
        'hangs',
        arb,
        async ({ graph: raw, back, placement }) => {
          const graph = withBackEdges(raw, back);
          const timersBefore = timerCounts();
          const built = buildGraph(graph, { clock: 0, runsAfterFinalize: 0, maxHops: 6 });
          const wf = built.workflow;
          const withInputs = built.steps.filter((s) => s.inputs.length > 0);
          const target = (to: number, input: number) => {
            const step = withInputs[to % withInputs.length];
            return step.input(step.inputs[input % step.inputs.length].name);
          };
          if (placement.spinner !== undefined && withInputs.length > 0) {
            const s = wf.addStream(spinner('spinner', placement.spinner.async));
            s.output('out').pipe(target(placement.spinner.to, placement.spinner.input) as never);
          }
          let liveStep: { name: string } | null = null;
          if (placement.live !== undefined && withInputs.length > 0) {
            const tokens = placement.live.items.map((v, i): Token => ({ v, id: -1 - i, hops: 0 }));
            const s = wf.addSource(concat(from(tokens), NEVER), { name: 'live', overflow: placement.live.overflow });
            s.output('out').pipe(target(placement.live.to, placement.live.input) as never);
            liveStep = s;
          }
          const controller = new AbortController();
          let settled: unknown = 'pending';
          const run = wf.run({ signal: controller.signal }).then(
            () => (settled = 'completed'),
            (e: unknown) => (settled = e),
          );
          // Wait until the run settles, or until nothing moves for a while (then it must be a legitimate wait).
          let last = -1;
          for (let still = 0; settled === 'pending' && still < 20;) {
            await quiesce();
            const moved = built.harness.clock + built.stages.reduce((n, s) => n + s.popped.flat().length, 0);
            still = moved === last ? still + 1 : 0;
            last = moved;
          }
          const problems: string[] = [];
          if (settled === 'pending') {
            if (liveStep === null) problems.push('the run neither settled nor had a live source to wait for');
            else if (!liveConsumerCanRun(wf, liveStep.name))
              problems.push('the run waits for a live source whose every consumer is blocked');
            controller.abort();
            await within(run, 5000, 'the aborted run');
          } else if (settled !== 'completed') {
            if (!(settled instanceof DeadlockError)) problems.push(`ended with ${String(settled)}`);
            else {
              const unfinished = wf.steps
                .filter((s) => s.state !== 'finished')
                .map((s) => s.name)
                .sort();
              const stuck = settled.stuck.map((s) => s.stream).sort();
              if (unfinished.join() !== stuck.join())
                problems.push(`the deadlock names [${stuck}] but [${unfinished}] were unfinished`);
            }
          } else if (placement.spinner !== undefined && withInputs.length > 0) {
            problems.push('completed although a stream asks to run again forever');
          }
          await quiesce();
          problems.push(...finalizeProblems(built));
          for (const step of wf.steps)
            for (const input of step.inputs)
              if (input.conn.peak > input.conn.capacity)
                problems.push(`${input.conn.label}: peak ${input.conn.peak} over capacity ${input.conn.capacity}`);
          problems.push(...timerProblems(timersBefore));
          if (problems.length > 0) throw new Error(problems.join('\n'));
        },
        150,
      );
    },
    PROPERTY_TIMEOUT,
  );
});

/** Some consumer of the live source is idle and has room to put what an item would make. */
function liveConsumerCanRun(wf: Workflow, name: string): boolean {
  const live = wf.steps.find((s) => s.name === name)!;
  return live.outputs.some((o) =>
    o.conns.some((c) => {
      const consumer = wf.steps.find((s) => s.inputs.some((i) => i.conn === c))!;
      return (
        c.state !== 'cancelled' &&
        consumer.state !== 'finished' &&
        (consumer.outputs.length === 0 || consumer.outputs.some((out) => !out.full))
      );
    }),
  );
}

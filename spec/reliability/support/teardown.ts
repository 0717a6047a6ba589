/**
 * What a run that ends early (a fault, an abort) must leave behind: nothing.
 * Sources that record whether they were released, a count of the timers and
 * immediates alive, and a wait that lets anything left over show itself.
 */
import { readdirSync } from 'node:fs';
import { asyncScheduler, type SchedulerAction, type SchedulerLike, type Subscription } from 'rxjs';
import { Stream, Workflow, fromIterable, type Inputs } from '../../../src/index';
import type { GraphSpec } from './graph';
import { evaluate } from './reference';

/**
 * An endless generator source. `released`: its body never started (so holds
 * nothing), or it was closed by return() and its `finally` ran.
 */
export function endlessSource(): { stream: Stream<{}, { out: number }>; readonly released: boolean } {
  const state = { started: false, released: false };
  function* numbers() {
    state.started = true;
    try {
      for (let i = 0; ; i++) yield i;
    } finally {
      state.released = true;
    }
  }
  return {
    stream: fromIterable(numbers(), { name: 'endless' }),
    get released() {
      return !state.started || state.released;
    },
  };
}

/** A sink that takes one item per run and asks to be run again after a macrotask: keeps a side branch busy forever. */
export function slowSink(): Stream<{ in: number }, {}> {
  return new Stream<{ in: number }, {}>({
    name: 'slow',
    ins: ['in'],
    fn: (ins: Inputs<{ in: number }>) =>
      new Promise<boolean>((resolve) => {
        if (ins.in.size > 0) ins.in.pop();
        setImmediate(() => resolve(ins.in.size > 0));
      }),
  });
}

/** Adds an endless source draining into a slow sink: the run can only end by a fault or an abort. */
export function addEndlessBranch(workflow: Workflow): { readonly released: boolean } {
  const source = endlessSource();
  workflow.addStream(source.stream).pipe(workflow.addStream(slowSink()), { capacity: 2 });
  return source;
}

/** The timers and immediates alive now, by type. */
export function timerCounts(): { Timeout: number; Immediate: number } {
  const counts = { Timeout: 0, Immediate: 0 };
  for (const r of process.getActiveResourcesInfo()) if (r === 'Timeout' || r === 'Immediate') counts[r]++;
  return counts;
}

/** Lets microtasks, immediates and 0 ms timers left by a run fire (or show that nothing is left). */
export async function quiesce(): Promise<void> {
  for (let i = 0; i < 3; i++) {
    await new Promise<void>((resolve) => setImmediate(resolve));
    await new Promise<void>((resolve) => setTimeout(resolve, 1));
  }
}

/** How many items each node takes (pops, or a source's items): a fault at an index below this is reached. */
export function itemsTaken(graph: GraphSpec): number[] {
  const expected = evaluate(graph);
  return graph.nodes.map((n, j) => (n.ins === 0 ? n.items.length : expected[j].reduce((a, vs) => a + vs.length, 0)));
}

/** Runs after a stream was finalized, and streams finalized other than exactly once. */
export function finalizeProblems(built: {
  readonly harness: { readonly runsAfterFinalize: number };
  readonly stages: readonly { readonly name: string; readonly finalizeCalls: number }[];
}): string[] {
  const problems: string[] = [];
  if (built.harness.runsAfterFinalize > 0)
    problems.push(`run() was called ${built.harness.runsAfterFinalize} times after finalize()`);
  for (const s of built.stages)
    if (s.finalizeCalls !== 1) problems.push(`${s.name}: finalize() called ${s.finalizeCalls} times`);
  return problems;
}

/** Timers or immediates alive now that were not alive before the run. */
export function timerProblems(before: { Timeout: number; Immediate: number }): string[] {
  const after = timerCounts();
  return after.Timeout > before.Timeout || after.Immediate > before.Immediate
    ? [`timers left behind: before ${JSON.stringify(before)}, after ${JSON.stringify(after)}`]
    : [];
}

/** The run's end as the engine reports it: every call of its observer. */
export function observe(workflow: Workflow): { ended: Promise<void>; calls: { complete: number; errors: unknown[] } } {
  const calls = { complete: 0, errors: [] as unknown[] };
  let end!: () => void;
  const ended = new Promise<void>((resolve) => (end = resolve));
  workflow.start({
    complete: () => {
      calls.complete++;
      end();
    },
    stopped: () => end(),
    error: (err) => {
      calls.errors.push(err);
      end();
    },
  });
  return { ended, calls };
}

/** OS threads of this process, and message ports alive (a worker thread is both). */
export function threadResources(): { threads: number; ports: number } {
  return {
    threads: readdirSync('/proc/self/task').length,
    ports: process.getActiveResourcesInfo().filter((r) => r === 'MessagePort').length,
  };
}

/**
 * Waits until no more threads and ports are alive than `before` (a thread is joined, and a closed port
 * let go, a little after `terminate()` and `close()` return), up to `ms`: what is still alive then.
 */
export async function threadsLeft(before: { threads: number; ports: number }, ms = 5000): Promise<string[]> {
  const until = Date.now() + ms;
  for (;;) {
    const now = threadResources();
    if (now.threads <= before.threads && now.ports <= before.ports) return [];
    if (Date.now() > until) {
      return [
        ...(now.threads > before.threads ? [`${now.threads - before.threads} thread(s) left running`] : []),
        ...(now.ports > before.ports ? [`${now.ports - before.ports} message port(s) left open`] : []),
      ];
    }
    await new Promise((r) => setTimeout(r, 5));
  }
}

/**
 * asyncScheduler (with its own clock, if given), counting the scheduled actions that have neither run nor
 * been cancelled: a run's timers counted apart from other specs' and jasmine's own.
 */
export function countingScheduler(
  now: () => number = () => asyncScheduler.now(),
): SchedulerLike & { pending(): number } {
  let pending = 0;
  return {
    now,
    schedule<T>(work: (this: SchedulerAction<T>, state?: T) => void, delay?: number, state?: T): Subscription {
      pending++;
      let open = true;
      const done = (): void => {
        if (!open) return;
        open = false;
        pending--;
      };
      const action = asyncScheduler.schedule<T>(
        function (this: SchedulerAction<T>, s?: T) {
          done();
          work.call(this, s);
        },
        delay,
        state,
      );
      action.add(done);
      return action;
    },
    pending: () => pending,
  };
}

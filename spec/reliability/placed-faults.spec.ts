/**
 * A chain spread over two workers (replicas, partitions, packs, windows and
 * capacities at random), over the in-memory transport and over threads, with
 * a fault planted at a random item: none (every item arrives once, in order
 * per key — or in order, with one replica), a throw in a worker (the run
 * fails with a StreamError naming the stream and the worker), a worker
 * thread's exit (the run fails naming the worker and the exit code) or an
 * abort after a random number of items (AbortError). Whatever the fault,
 * nothing arrives twice or made up, no buffer overflows, no channel exceeds
 * its credit window, and a run over threads leaves no thread or port behind.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { AbortError, MimoError, StreamError, type Workflow } from '../../src/index';
import { memoryTransport } from '../../src/testing/index';
import { threads } from '../../src/node/index';
import { PROPERTY_TIMEOUT, assertProperty, within } from './support/property';
import { overfilled } from './support/stage-model';
import { threadResources, threadsLeft } from './support/teardown';
import { windowProblems } from './support/placed';
import { chainCaseArb, keyOf, placedChain, result, type ChainCase } from './support/placed-chain';

const chainModule = pathToFileURL(join(__dirname, 'support', 'placed-chain.js'));

/** Every way the run of `c` broke its promises. */
async function check(c: ChainCase, over: 'memory' | 'threads'): Promise<string[]> {
  const controller = new AbortController();
  const taken: number[] = [];
  const wf = placedChain(c, { taken, abort: () => controller.abort() });
  const fragments: Workflow[] = [];
  const transport =
    over === 'memory'
      ? memoryTransport((cc: ChainCase) => {
          const built = placedChain(cc);
          fragments.push(built);
          return built;
        }, c)
      : threads({ module: chainModule, export: 'placedChain', args: [c] });
  const outcome = await within(
    wf.run({ transport, signal: controller.signal }).then(
      () => null,
      (e: unknown) => e,
    ),
    20_000,
    'the run',
  );
  const problems: string[] = [];
  const all = Array.from({ length: c.n }, (_, x) => x);
  // What arrived: each item at most once, and only items that exist.
  const expected = new Map(all.map((x) => [result(x), x]));
  const seen = new Set<number>();
  for (const y of taken) {
    if (!expected.has(y)) problems.push(`the sink took ${y}, which no item gives`);
    if (seen.has(y)) problems.push(`the sink took ${y} twice`);
    seen.add(y);
  }
  const faulty = c.n > 0 && c.fault !== 'none';
  if (!faulty || (c.fault === 'abort' && c.at + 1 > c.n)) {
    if (outcome !== null) problems.push(`the run failed: ${outcome instanceof Error ? outcome.message : outcome}`);
    if (seen.size !== c.n) problems.push(`the sink took ${seen.size} items of ${c.n}`);
  } else if (c.fault === 'throw') {
    const ok =
      outcome instanceof StreamError &&
      outcome.stream === 'work' &&
      /^stream "work" failed in worker w#\d: boom at \d+$/.test(outcome.message) &&
      (outcome.cause as Error).message === `boom at ${c.at}`;
    if (!ok) problems.push(`expected the StreamError of "work" at ${c.at}, got ${String(outcome)}`);
  } else if (c.fault === 'exit') {
    const ok =
      outcome instanceof MimoError &&
      /^worker w#\d ended before its streams finished: its thread exited with code 7\.$/.test(outcome.message);
    if (!ok) problems.push(`expected the exit of a thread of w, got ${String(outcome)}`);
  } else if (!(outcome instanceof AbortError)) problems.push(`expected an AbortError, got ${String(outcome)}`);
  // Order: per key when partitioned, whole with one replica (only what arrived, for a failed run).
  const inputsOf = taken.map((y) => expected.get(y) ?? -1);
  const groups =
    c.replicas === 1
      ? [inputsOf]
      : c.partition
        ? [0, 1, 2, 3, 4].map((k) => inputsOf.filter((x) => keyOf(x) === k))
        : [];
  for (const g of groups) if (g.some((x, i) => i > 0 && g[i - 1] > x)) problems.push(`out of order: [${g.join(', ')}]`);
  for (const f of [wf, ...fragments]) problems.push(...overfilled(f), ...windowProblems(f, c));
  return problems;
}

describe('reliability: faults in runs over a transport', () => {
  it(
    'over the in-memory transport: throws and aborts settle the run with the right error, nothing twice',
    async () => {
      await assertProperty(
        'placed-faults/memory',
        chainCaseArb(['none', 'throw', 'abort']),
        async (c) => {
          const problems = await check(c, 'memory');
          if (problems.length > 0) throw new Error(problems.join('\n'));
        },
        150,
      );
    },
    PROPERTY_TIMEOUT,
  );

  it(
    'over threads: throws, exits and aborts settle the run with the right error, leaving no thread or port',
    async () => {
      const before = threadResources();
      await assertProperty(
        'placed-faults/threads',
        chainCaseArb(['none', 'throw', 'exit', 'abort']),
        async (c) => {
          const problems = await check(c, 'threads');
          problems.push(...(await threadsLeft(before)));
          if (problems.length > 0) throw new Error(problems.join('\n'));
        },
        40,
      );
    },
    PROPERTY_TIMEOUT,
  );
});

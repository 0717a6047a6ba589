/**
 * The random-DAG property over Redis: random trees of map and filter steps
 * (fan-out by broadcast) placed at random on the coordinator and 1–3 workers
 * (a worker with 2 replicas partitions by origin), run over a real
 * redis-server with workers in this process. Every sink gets exactly the
 * reference multiset, FIFO per partition, and no stream ever held more than
 * `window` packs and the end.
 */
import * as fc from 'fast-check';
import { redis, runWorker } from '../../src/redis/index';
import { assertProperty, within } from './support/property';
import { startRedis, type RedisServer } from '../redis/support/server';
import { dag, dagReference, dagSinks, type DagNode, type DagSpec, type Tagged } from '../redis/support/pipelines';

let server: RedisServer;
let prefixes = 0;

beforeAll(async () => {
  server = await startRedis();
});
afterAll(async () => {
  await server.stop();
});

const WORKERS = ['', 'w1', 'w2', 'w3'];

const specArb: fc.Arbitrary<DagSpec> = fc
  .record({
    items: fc.array(fc.integer({ min: 0, max: 999 }), { maxLength: 60 }),
    // Every replica of a worker runs all its steps: a source goes where there is one replica.
    source: fc.constantFrom('', 'w2'),
    count: fc.integer({ min: 1, max: 6 }),
    capacity: fc.integer({ min: 1, max: 8 }),
    replicas: fc.record({ w1: fc.integer({ min: 1, max: 2 }), w2: fc.constant(1), w3: fc.integer({ min: 1, max: 2 }) }),
  })
  .chain(({ items, source, count, capacity, replicas }) =>
    fc.record({
      items: fc.constant(items),
      source: fc.constant(source),
      capacity: fc.constant(capacity),
      replicas: fc.constant(replicas as Record<string, number>),
      nodes: fc.tuple(
        ...Array.from({ length: count }, (_, i) =>
          fc.record({
            op: fc.constantFrom('map' as const, 'filter' as const),
            a: fc.integer({ min: 1, max: 5 }),
            b: fc.integer({ min: 0, max: 9 }),
            from: fc.integer({ min: -1, max: i - 1 }),
            worker: fc.constantFrom(...WORKERS),
          }),
        ),
      ) as fc.Arbitrary<DagNode[]>,
      packs: fc.array(fc.integer({ min: 1, max: 5 }), { minLength: count, maxLength: count }),
      windows: fc.array(fc.integer({ min: 1, max: 3 }), { minLength: count, maxLength: count }),
    }),
  );

/** Everything wrong with what the sinks got ([] when nothing). */
function problems(spec: DagSpec, got: Map<string, Tagged[]>, peaks: Record<string, number>): string[] {
  const found: string[] = [];
  const key = (t: Tagged) => `${t.o}:${t.v}`;
  for (const [sink, want] of dagReference(spec)) {
    const items = got.get(sink) ?? [];
    const a = items.map(key).sort();
    const b = want.map(key).sort();
    if (a.join() !== b.join()) found.push(`${sink} received [${a}] but the reference is [${b}]`);
    // FIFO per partition: items of one origin class (o % 3) keep the source's order.
    for (let p = 0; p < 3; p++) {
      const os = items.filter((t) => t.o % 3 === p).map((t) => t.o);
      if (os.some((o, i) => i > 0 && o <= os[i - 1])) found.push(`${sink}: partition ${p} out of order: [${os}]`);
    }
  }
  for (const [stream, peak] of Object.entries(peaks)) {
    // Each stream ends in a step's input: n<i> and sink<i> have node i's window, fan<j> its first child's.
    const [, kind, at] = /->(n|sink|fan)(-?\d+)\.in:/.exec(stream)!;
    const window = spec.windows[kind === 'fan' ? spec.nodes.findIndex((n) => n.from === Number(at)) : Number(at)];
    if (peak > window + 1) found.push(`${stream} held ${peak} entries, window ${window} (+1 for the end)`);
  }
  return found;
}

describe('rx-mimo/redis: random DAGs placed on workers', () => {
  it('give exactly the reference multisets, FIFO per partition, within the window', async () => {
    await assertProperty(
      'redis-dags',
      specArb,
      async (spec) => {
        const transport = redis({ url: server.url, prefix: `dag${++prefixes}` });
        const wf = dag(spec);
        const got = new Map(dagSinks);
        const used = new Set([spec.source, ...spec.nodes.map((n) => n.worker)].filter((w) => w !== ''));
        const serving = [...used].flatMap((worker) =>
          Array.from({ length: spec.replicas[worker] ?? 1 }, () =>
            runWorker(dag, { transport, worker, args: [spec], runs: 1 }),
          ),
        );
        await within(wf.run({ transport }), 20_000, 'run()');
        await within(Promise.all(serving), 20_000, 'the workers');
        const found = problems(spec, got, transport.peaks);
        if (found.length > 0) throw new Error(found.join('\n'));
      },
      25,
    );
  }, 300_000);
});

/**
 * Where RxJS buffers without bound — mergeMap over inner Observables, groupBy,
 * delay, retry — these stages hold a fixed number of items. Each spec stalls
 * the consumer (an iterator that stops asking), floods the stage, and counts
 * what it holds: items taken from upstream minus those that left it (into a
 * connection whose fill is known, or dropped and counted as skipped).
 */
import { Subject } from 'rxjs';
import {
  Workflow,
  delay,
  flatMap,
  fromIterable,
  groupBy,
  map,
  mapAsync,
  toAsyncIterable,
  type MetricsSnapshot,
  type Step,
} from '../../src/index';
import { counting, macrotask } from './support';

/** Lets the run go on for a while with nobody consuming. */
async function idle(turns = 30): Promise<void> {
  for (let i = 0; i < turns; i++) await macrotask();
}

/** Items in the connections into the step's inputs. */
function filled(step: Step<any, any>): number {
  return step.inputs.reduce((n, input) => n + input.conn.size, 0);
}

describe('bounded memory where RxJS buffers without bound', () => {
  it('flatMap over an inner Observable that floods a stalled consumer holds at most size items', async () => {
    const inner = new Subject<number>();
    const wf = new Workflow({ capacity: 4 });
    const flat = wf
      .addStream(fromIterable([1]))
      .pipe(wf.addStream(flatMap(() => inner, { size: 8, overflow: 'drop-oldest', name: 'flat' })));
    const out = toAsyncIterable<number>(flat.output('out'));
    let skipped = 0;
    wf.metrics(1e9).subscribe((m: MetricsSnapshot) => (skipped = m.streams.find((s) => s.name === 'flat')!.skipped));
    const run = wf.run();
    const it = out[Symbol.asyncIterator]();
    await idle();
    for (let i = 0; i < 10_000; i++) inner.next(i);
    await idle();
    const iterate = flat.outputs[0].conns[0];
    // 10 000 emitted: 4 wait in the connection, 8 in the stage, the rest were dropped (and counted).
    expect(iterate.size).toBe(4);
    inner.complete();
    const got: number[] = [];
    for (let r = await it.next(); !r.done; r = await it.next()) got.push(r.value);
    await run;
    expect(got).toEqual([0, 1, 2, 3, ...Array.from({ length: 8 }, (_, i) => 9992 + i)]);
    expect(skipped).toBe(10_000 - 12);
  });

  it('groupBy over many keys holds at most maxGroups × 2 × capacity items, whatever the input', async () => {
    const source = counting();
    const wf = new Workflow({ capacity: 3 });
    const src = wf.addStream(fromIterable(source.iterable));
    const grouped = src.pipe(
      wf.addStream(
        groupBy(
          (x: number) => x % 1000,
          () => map((x: number) => x),
          { maxGroups: 5, capacity: 2, onOverflow: 'evict-idle', name: 'groups' },
        ),
      ),
    );
    const out = toAsyncIterable<number>(grouped.output('out'));
    const run = wf.run();
    const it = out[Symbol.asyncIterator]();
    await idle();
    const inStage = source.pulled() - filled(grouped) - grouped.outputs[0].conns[0].size;
    // RxJS's groupBy would have opened a group per key and taken everything: here the source stopped.
    expect(inStage).toBeLessThanOrEqual(5 * 2 * 2);
    expect(source.pulled()).toBeLessThanOrEqual(5 * 2 * 2 + 3 + 3 + 1);
    await it.return!();
    await run;
    expect(source.finished()).toBe(true);
  });

  it('delay holds at most size items while it waits, and upstream waits too', async () => {
    const source = counting();
    const wf = new Workflow({ capacity: 3 });
    const delayed = wf.addStream(fromIterable(source.iterable)).pipe(wf.addStream(delay<number>(60_000, { size: 5 })));
    const out = toAsyncIterable<number>(delayed.output('out'));
    const controller = new AbortController();
    const run = wf.run({ signal: controller.signal }).catch((e: unknown) => (e as Error).name);
    void out[Symbol.asyncIterator]();
    await idle();
    expect(source.pulled() - filled(delayed)).toBeLessThanOrEqual(5 + 1);
    controller.abort();
    expect(await run).toBe('AbortError');
  });

  it('mapAsync with retry holds items waiting for their retry within concurrency', async () => {
    const source = counting();
    let calls = 0;
    const wf = new Workflow({ capacity: 2 });
    const step = wf.addStream(fromIterable(source.iterable)).pipe(
      wf.addStream(
        mapAsync(
          () => {
            calls++;
            return Promise.reject(new Error('down'));
          },
          { concurrency: 3, retry: { attempts: 1000, backoff: { min: 1, max: 2 } }, onError: 'skip' },
        ),
      ),
    );
    const out = toAsyncIterable<number>(step.output('out'));
    const controller = new AbortController();
    const run = wf.run({ signal: controller.signal }).catch((e: unknown) => (e as Error).name);
    void out[Symbol.asyncIterator]();
    await new Promise((resolve) => setTimeout(resolve, 50));
    // The service keeps failing: three items are retried again and again, no more are taken.
    expect(calls).toBeGreaterThan(6);
    expect(source.pulled() - filled(step)).toBe(3);
    controller.abort();
    expect(await run).toBe('AbortError');
  });
});

import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { AbortError, DeadlockError, MimoError, StreamError, WiringError } from '../../src/index';
import { threads } from '../../src/node/index';
import * as fixtures from './fixtures';
import { threadResources, threadsLeft } from '../reliability/support/teardown';

const fixturesModule = pathToFileURL(join(__dirname, 'fixtures.js'));

async function settled(): Promise<void> {
  for (let i = 0; i < 3; i++) await new Promise((r) => setTimeout(r, 5));
}

function outcome(run: Promise<void>): Promise<unknown> {
  return run.then(
    () => 'completed',
    (e: unknown) => e,
  );
}

describe('threads()', () => {
  let before: { threads: number; ports: number };
  beforeEach(() => (before = threadResources()));
  afterEach(async () => {
    // Nothing of a run is left when it has settled: no thread, no port.
    expect(await threadsLeft(before)).toEqual([]);
  });

  for (const replicas of [1, 3]) {
    it(`carries every item through a step on ${replicas} worker thread(s), in order with one`, async () => {
      const out: fixtures.Out = { items: [] };
      const wf = fixtures.squares(200, replicas, out);
      await wf.run({
        transport: threads({ module: fixturesModule, export: 'squares', args: [200, replicas, { items: [] }] }),
      });
      const expected = Array.from({ length: 200 }, (_, i) => i * i);
      if (replicas === 1) expect(out.items).toEqual(expected);
      else expect([...(out.items as number[])].sort((a, b) => a - b)).toEqual(expected);
    });
  }

  it('keeps the order of the items of one key with partitionBy', async () => {
    const out: fixtures.Out = { items: [] };
    const wf = fixtures.squares(90, 3, out, true);
    await wf.run({
      transport: threads({ module: fixturesModule, export: 'squares', args: [90, 3, { items: [] }, true] }),
    });
    for (let k = 0; k < 3; k++) {
      const ofKey = (out.items as number[]).filter((x) => Math.round(Math.sqrt(x)) % 3 === k);
      expect(ofKey).toEqual(Array.from({ length: 30 }, (_, i) => (3 * i + k) ** 2));
    }
  });

  it('fails the run with the error thrown in a worker thread, naming the stream and the worker', async () => {
    const err = await outcome(
      fixtures.fragile().run({ transport: threads({ module: fixturesModule, export: 'fragile' }) }),
    );
    expect(err).toEqual(jasmine.any(StreamError));
    expect((err as StreamError).message).toBe('stream "fragile" failed in worker w#0: two');
    expect((err as StreamError).stream).toBe('fragile');
    expect(((err as StreamError).cause as Error).message).toBe('two');
  });

  it('fails the run when a worker thread exits, instead of hanging', async () => {
    const err = await outcome(
      fixtures.quitter(4).run({ transport: threads({ module: fixturesModule, export: 'quitter', args: [4] }) }),
    );
    expect(err).toEqual(jasmine.any(MimoError));
    expect((err as Error).message).toBe('worker w#0 ended before its streams finished: its thread exited with code 3.');
  });

  it('fails the run when a worker thread runs out of memory', async () => {
    const err = await outcome(
      fixtures.hog().run({
        transport: threads({ module: fixturesModule, export: 'hog', resourceLimits: { maxOldGenerationSizeMb: 32 } }),
      }),
    );
    expect(err).toEqual(jasmine.any(MimoError));
    expect((err as Error).message).toBe(
      'worker w#0 ended before its streams finished: its thread failed: Worker terminated due to reaching memory limit: JS heap out of memory.',
    );
  });

  it('reports a deadlock across threads with what is stuck on each side', async () => {
    const err = await outcome(fixtures.lazy().run({ transport: threads({ module: fixturesModule, export: 'lazy' }) }));
    expect(err).toEqual(jasmine.any(DeadlockError));
    expect((err as DeadlockError).stuck.map((s) => `${s.stream}: ${s.state}`).sort()).toEqual(fixtures.lazyStuck);
  });

  it('fails with the connection and the item when an item cannot cross between threads', async () => {
    const err = await outcome(
      fixtures.uncloneable().run({ transport: threads({ module: fixturesModule, export: 'uncloneable' }) }),
    );
    expect(err).toEqual(jasmine.any(StreamError));
    expect((err as StreamError).stream).toBe('→ maker.out->sink.in');
    expect((err as Error).message).toBe(
      'stream "→ maker.out->sink.in" failed in worker w#0: maker.out->sink.in: an item cannot cross to worker "coordinator": ' +
        'function (anonymous) (() => x could not be cloned.). Items cross between threads by structured clone: send plain data ' +
        '(objects, arrays, strings, numbers, Maps, Dates…); functions cannot cross, and class instances arrive without their prototype.',
    );
  });

  it('aborts every worker thread: each replica finalizes its streams once, and the run rejects with an AbortError', async () => {
    const channel = `finalize-${Math.random()}`;
    const heard: string[] = [];
    const bc = new BroadcastChannel(channel);
    let running!: () => void;
    const bothRan = new Promise<void>((r) => (running = r));
    bc.onmessage = (e: MessageEvent) => {
      if (e.data === 'ran') {
        if (++ran === 2) running();
      } else heard.push(e.data as string);
    };
    let ran = 0;
    const controller = new AbortController();
    const run = outcome(
      fixtures.endless(2, channel).run({
        transport: threads({ module: fixturesModule, export: 'endless', args: [2, channel] }),
        signal: controller.signal,
      }),
    );
    // Abort once the sink of each thread has run (the run cannot end any other way).
    await bothRan;
    controller.abort();
    const err = await run;
    expect(err).toEqual(jasmine.any(AbortError));
    // Each replica said so before its thread answered the stop; the channel delivers it a little later.
    for (const until = Date.now() + 5000; heard.length < 2 && Date.now() < until;) await settled();
    bc.close();
    expect(heard).toEqual(['finalized: aborted', 'finalized: aborted']);
  });

  it('fails the run with what the factory threw in a worker thread', async () => {
    const err = await outcome(
      fixtures.brokenInWorkers().run({ transport: threads({ module: fixturesModule, export: 'brokenInWorkers' }) }),
    );
    expect(err).toEqual(jasmine.any(MimoError));
    expect((err as Error).message).toBe('cpu#0 could not build the workflow: the factory threw no workflow here');
  });

  it('names the missing factory and what the module exports', async () => {
    const err = await outcome(
      fixtures.lazy().run({ transport: threads({ module: fixturesModule, export: 'nothing' }) }),
    );
    expect((err as Error).message).toContain(
      `${fixturesModule.href} has no function "nothing" to build the workflow (it exports: `,
    );
    expect((err as Error).message).toContain('name the factory with threads({ module, export }).');
  });

  it('rejects bad options at once, with the fix', () => {
    expect(() => threads({} as never)).toThrowError(
      WiringError,
      /threads\(\{ module \}\): the module that builds the workflow/,
    );
    expect(() => threads({ module: fixturesModule, expor: 'x' } as never)).toThrowError(WiringError, /expor.*export/);
    expect(() => threads({ module: fixturesModule, args: 'x' as never })).toThrowError(
      WiringError,
      /an array of the factory's arguments/,
    );
  });
});

import {
  AbortError,
  Workflow,
  collect,
  fromIterable,
  recover,
  take,
  zipWith,
  WiringError,
  type Stream,
} from '../../src/index';
import { testStream } from '../../src/testing';
import { BOUNDED_TIMEOUT, boundedRun, counting, failing, peaks } from './support';

describe('stages/zipWith', () => {
  const product = () => zipWith((s: { up: number; down: number }) => s.up * s.down, ['up', 'down']);

  it('types its inputs from fn and its output from fn’s result', () => {
    const s: Stream<{ up: number; down: number }, { out: number }> = product();
    expect(s.ins).toEqual(['up', 'down']);
  });

  it('emits nothing when an input is empty', async () => {
    expect(await testStream(product(), { up: [], down: [] })).toEqual({ out: [] });
  });

  it('emits fn of one set', async () => {
    expect(await testStream(product(), { up: [3], down: [4] })).toEqual({ out: [12] });
  });

  it('emits fn of each set, completing with the shortest input', async () => {
    expect(await testStream(product(), { up: [0, 1, 2, 3], down: [9, 8, 7] }, { capacity: 1 })).toEqual({
      out: [0, 8, 14],
    });
  });

  it('finishes when downstream finishes early, and its endless upstreams stop', async () => {
    const wf = new Workflow({ capacity: 2, strict: true });
    const [up, down] = [counting(), counting()];
    const z = wf.addStream(product());
    wf.addStream(fromIterable(up.iterable)).output('out').pipe(z.input('up'));
    wf.addStream(fromIterable(down.iterable)).output('out').pipe(z.input('down'));
    const sink = collect<number>();
    z.pipe(wf.addStream(take<number>(3))).pipe(wf.addStream(sink));
    await wf.run();
    expect(sink.items).toEqual([0, 1, 4]);
    expect([up.finished(), down.finished(), z.state]).toEqual([true, true, 'finished']);
  });

  it('lets an upstream error fail the workflow', async () => {
    const wf = new Workflow();
    const z = wf.addStream(product());
    wf.addStream(fromIterable(failing([1]), { name: 'bad' }))
      .output('out')
      .pipe(z.input('up'));
    wf.addStream(fromIterable([1, 2]))
      .output('out')
      .pipe(z.input('down'));
    z.pipe(wf.addStream(collect()));
    await expectAsync(wf.run()).toBeRejectedWithError(/stream "bad" failed: boom/);
  });

  it('fails naming the stage when fn throws', async () => {
    const stage = zipWith(() => {
      throw new Error('bad combine');
    }, ['a', 'b']);
    await expectAsync(testStream(stage, { a: [1], b: [2] })).toBeRejectedWithError(
      /stream "zipWith" failed: bad combine/,
    );
  });

  it('sends on the sets before a throw and none after, when it zips many at once', async () => {
    // Both inputs fill (capacity 8) before the zip runs: the throw comes mid-batch.
    const wf = new Workflow({ capacity: 8 });
    const z = wf.addStream(
      zipWith(
        ({ a, b }: { a: number; b: string }) => {
          if (a === 3) throw new Error('no threes');
          return `${a}${b}`;
        },
        ['a', 'b'],
      ),
    );
    wf.addStream(fromIterable([1, 2, 3, 4, 5]))
      .output('out')
      .pipe(z.input('a'));
    wf.addStream(fromIterable(['w', 'x', 'y', 'z', 'v']))
      .output('out')
      .pipe(z.input('b'));
    const sink = collect<string>();
    z.pipe(wf.addStream(recover<string>(() => 'recovered'))).pipe(wf.addStream(sink));
    await wf.run();
    expect(sink.items).toEqual(['1w', '2x', 'recovered']);
  });

  it('calls fn for nothing after a call that aborts the run, though more sets wait', async () => {
    const wf = new Workflow({ capacity: 8 });
    const controller = new AbortController();
    const calls: number[] = [];
    const z = wf.addStream(
      zipWith(
        ({ a, b }: { a: number; b: number }) => {
          calls.push(a);
          if (a === 2) controller.abort(new Error('enough'));
          return a + b;
        },
        ['a', 'b'],
      ),
    );
    wf.addStream(fromIterable([1, 2, 3, 4, 5]))
      .output('out')
      .pipe(z.input('a'));
    wf.addStream(fromIterable([10, 20, 30, 40, 50]))
      .output('out')
      .pipe(z.input('b'));
    z.pipe(wf.addStream(collect<number>()));
    await expectAsync(wf.run({ signal: controller.signal })).toBeRejectedWithError(
      AbortError,
      'run(): aborted: enough',
    );
    expect(calls).toEqual([1, 2]);
  });

  it('hands fn a new set object each time, so fn may keep it', async () => {
    const seen: { a: number; b: number }[] = [];
    const copies: { a: number; b: number }[] = [];
    const stage = zipWith(
      (s: { a: number; b: number }) => {
        seen.push(s);
        copies.push({ ...s });
        return s.a + s.b;
      },
      ['a', 'b'],
    );
    expect(await testStream(stage, { a: [1, 2, 3], b: [10, 20, 30] })).toEqual({ out: [11, 22, 33] });
    expect(copies).toEqual([
      { a: 1, b: 10 },
      { a: 2, b: 20 },
      { a: 3, b: 30 },
    ]);
    expect(seen).toEqual(copies);
    expect(new Set(seen).size).toBe(3);
  });

  it('rejects a non-function fn', () => {
    expect(() => zipWith(3 as never, ['a', 'b'])).toThrowMatching(
      (e) => e instanceof WiringError && /^zipWith\(fn\)/.test(e.message),
    );
  });

  it(
    'never buffers more than the capacity between fast sources and a slow sink',
    async () => {
      const { wf, received } = await boundedRun(product(), { capacity: 16 });
      expect(received.out.length).toBe(100_000);
      expect(received.out[300]).toBe(90_000);
      expect(peaks(wf)).toEqual(['sink out.in 16', 'zipWith.down 16', 'zipWith.up 16']);
    },
    BOUNDED_TIMEOUT,
  );
});

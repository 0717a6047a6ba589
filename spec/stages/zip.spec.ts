import { Workflow, collect, fromIterable, take, zip, WiringError, type Stream } from '../../src/index';
import { testStream } from '../../src/testing';
import { BOUNDED_TIMEOUT, boundedRun, counting, failing, peaks } from './support';

describe('stages/zip', () => {
  it('types its inputs and sets from the names or the count', () => {
    const s: Stream<{ a: number; b: string }, { out: { a: number; b: string } }> = zip<{ a: number; b: string }>([
      'a',
      'b',
    ]);
    const n: Stream<{ in0: number; in1: number }, { out: { in0: number; in1: number } }> = zip<2, number>(2);
    expect([s.ins, n.ins, s.sync]).toEqual([['a', 'b'], ['in0', 'in1'], [['a', 'b']]]);
  });

  it('emits nothing when an input is empty', async () => {
    expect(await testStream(zip(['a', 'b']), { a: [], b: [1, 2] })).toEqual({ out: [] });
  });

  it('emits one set', async () => {
    expect(await testStream(zip(['a', 'b']), { a: [1], b: ['x'] })).toEqual({ out: [{ a: 1, b: 'x' }] });
  });

  it('emits sets in order and completes with the shortest input', async () => {
    expect(await testStream(zip(3), { in0: [1, 2, 3], in1: [4, 5], in2: [6, 7, 8, 9] }, { capacity: 1 })).toEqual({
      out: [
        { in0: 1, in1: 4, in2: 6 },
        { in0: 2, in1: 5, in2: 7 },
      ],
    });
  });

  it('cancels the longer input when it completes, so its endless source stops', async () => {
    const wf = new Workflow({ capacity: 2, strict: true });
    const endless = counting();
    const z = wf.addStream(zip(['short', 'endless']));
    wf.addStream(fromIterable(['a', 'b']))
      .output('out')
      .pipe(z.input('short'));
    wf.addStream(fromIterable(endless.iterable)).output('out').pipe(z.input('endless'));
    const sink = collect<unknown>();
    z.pipe(wf.addStream(sink));
    await wf.run();
    expect(sink.items).toEqual([
      { short: 'a', endless: 0 },
      { short: 'b', endless: 1 },
    ]);
    expect(endless.finished()).toBe(true);
  });

  it('finishes when downstream finishes early', async () => {
    const wf = new Workflow({ capacity: 2, strict: true });
    const [a, b] = [counting(), counting()];
    const z = wf.addStream(zip(['a', 'b']));
    wf.addStream(fromIterable(a.iterable)).output('out').pipe(z.input('a'));
    wf.addStream(fromIterable(b.iterable)).output('out').pipe(z.input('b'));
    const sink = collect<unknown>();
    z.pipe(wf.addStream(take(1))).pipe(wf.addStream(sink));
    await wf.run();
    expect(sink.items).toEqual([{ a: 0, b: 0 }]);
    expect([a.finished(), b.finished()]).toEqual([true, true]);
  });

  it('lets an upstream error fail the workflow', async () => {
    const wf = new Workflow();
    const z = wf.addStream(zip(['a', 'b']));
    wf.addStream(fromIterable([1, 2, 3]))
      .output('out')
      .pipe(z.input('a'));
    wf.addStream(fromIterable(failing([1]), { name: 'bad' }))
      .output('out')
      .pipe(z.input('b'));
    z.pipe(wf.addStream(collect()));
    await expectAsync(wf.run()).toBeRejectedWithError(/stream "bad" failed: boom/);
  });

  it('rejects fewer than two inputs', () => {
    expect(() => zip(['a'])).toThrowMatching(
      (e) => e instanceof WiringError && /^zip\(names\): expected at least 2 port names; got 1/.test(e.message),
    );
  });

  it(
    'keeps a fast input to its capacity while the other and the sink are slow',
    async () => {
      const { wf, received } = await boundedRun(zip(['a', 'b']), { capacity: 16 });
      expect(received.out.length).toBe(100_000);
      expect(received.out[77_777]).toEqual({ a: 77_777, b: 77_777 });
      expect(peaks(wf)).toEqual(['sink out.in 16', 'zip.a 16', 'zip.b 16']);
    },
    BOUNDED_TIMEOUT,
  );
});

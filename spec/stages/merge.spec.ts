import { Workflow, collect, fromIterable, merge, take, WiringError, type Stream } from '../../src/index';
import { testStream } from '../../src/testing';
import { BOUNDED_TIMEOUT, boundedRun, counting, failing, peaks } from './support';

describe('stages/merge', () => {
  it('types its inputs from the names or the count', () => {
    const s: Stream<{ a: number; b: number }, { out: number }> = merge<{ a: number; b: number }>(['a', 'b']);
    const n: Stream<{ in0: string; in1: string }, { out: string }> = merge<2, string>(2);
    expect([s.ins, n.ins]).toEqual([
      ['a', 'b'],
      ['in0', 'in1'],
    ]);
  });

  it('emits nothing when every input is empty', async () => {
    expect(await testStream(merge(['a', 'b']), { a: [], b: [] })).toEqual({ out: [] });
  });

  it('emits one item from either input', async () => {
    expect(await testStream(merge(['a', 'b']), { a: [], b: [1] })).toEqual({ out: [1] });
  });

  it('takes from the inputs in turn what waits in each, keeping the order of each', async () => {
    expect(await testStream(merge(['a', 'b', 'c']), { a: [1, 2, 3], b: [10, 20], c: [100] })).toEqual({
      out: [1, 2, 3, 10, 20, 100],
    });
    // Two items fit in each connection: each input's turn takes what waits there, up to the room in `out`.
    expect(
      await testStream(merge(['a', 'b', 'c']), { a: [1, 2, 3, 4, 5], b: [10, 20, 30], c: [100] }, { capacity: 2 }),
    ).toEqual({ out: [1, 2, 10, 20, 100, 3, 30, 4, 5] });
  });

  it('lets no busy input starve another', async () => {
    const wf = new Workflow({ capacity: 4 });
    const busy = counting();
    const m = wf.addStream(merge(['busy', 'quiet']));
    wf.addStream(fromIterable(busy.iterable)).output('out').pipe(m.input('busy'));
    wf.addStream(fromIterable([100, 200, 300, 400, 500, 600]))
      .output('out')
      .pipe(m.input('quiet'));
    const sink = collect<number>();
    m.pipe(wf.addStream(take<number>(20))).pipe(wf.addStream(sink));
    await wf.run();
    expect(sink.items).toEqual([0, 1, 2, 3, 100, 200, 300, 400, 4, 5, 6, 7, 500, 600, 8, 9, 10, 11, 12, 13]);
    expect(busy.finished()).toBe(true);
  });

  it('completes only when every input is done', async () => {
    expect(await testStream(merge(2), { in0: [1], in1: [2, 3, 4, 5] }, { capacity: 1 })).toEqual({
      out: [1, 2, 3, 4, 5],
    });
  });

  it('finishes when downstream finishes early, and every endless upstream stops', async () => {
    const wf = new Workflow({ capacity: 2, strict: true });
    const [a, b] = [counting(), counting()];
    const m = wf.addStream(merge(['a', 'b']));
    wf.addStream(fromIterable(a.iterable)).output('out').pipe(m.input('a'));
    wf.addStream(fromIterable(b.iterable)).output('out').pipe(m.input('b'));
    const sink = collect<number>();
    m.pipe(wf.addStream(take<number>(4))).pipe(wf.addStream(sink));
    await wf.run();
    expect(sink.items).toEqual([0, 1, 0, 1]);
    expect([a.finished(), b.finished(), m.state]).toEqual([true, true, 'finished']);
  });

  it('lets an upstream error fail the workflow', async () => {
    const wf = new Workflow();
    const m = wf.addStream(merge(['a', 'b']));
    wf.addStream(fromIterable(failing([1]), { name: 'bad' }))
      .output('out')
      .pipe(m.input('a'));
    wf.addStream(fromIterable([1, 2]))
      .output('out')
      .pipe(m.input('b'));
    m.pipe(wf.addStream(collect()));
    await expectAsync(wf.run()).toBeRejectedWithError(/stream "bad" failed: boom/);
  });

  it('rejects bad names', () => {
    expect(() => merge(['a', 'a'])).toThrowMatching(
      (e) => e instanceof WiringError && /^merge\(names\): the port "a" is named twice/.test(e.message),
    );
  });

  it(
    'never buffers more than the capacity between two fast sources and a slow sink',
    async () => {
      const { wf, received } = await boundedRun(merge(['a', 'b']), { capacity: 16 });
      expect(received.out.length).toBe(200_000);
      expect(peaks(wf)).toEqual(['merge.a 16', 'merge.b 16', 'sink out.in 16']);
    },
    BOUNDED_TIMEOUT,
  );
});

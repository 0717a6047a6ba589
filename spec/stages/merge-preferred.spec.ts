import { Workflow, collect, fromIterable, mergePreferred, take, WiringError, type Stream } from '../../src/index';
import { testStream } from '../../src/testing';
import { BOUNDED_TIMEOUT, boundedRun, counting, failing, peaks } from './support';

describe('stages/mergePreferred', () => {
  const stage = () => mergePreferred('urgent', ['a', 'b']);

  it('types its inputs from the names', () => {
    const s: Stream<{ urgent: number; normal: number }, { out: number }> = mergePreferred<{
      urgent: number;
      normal: number;
    }>('urgent', ['normal']);
    expect(s.ins).toEqual(['urgent', 'normal']);
  });

  it('emits nothing when every input is empty', async () => {
    expect(await testStream(stage(), { urgent: [], a: [], b: [] })).toEqual({ out: [] });
  });

  it('emits one item', async () => {
    expect(await testStream(stage(), { urgent: [], a: [1], b: [] })).toEqual({ out: [1] });
  });

  it('emits every waiting preferred item before the others, which take turns', async () => {
    expect(await testStream(stage(), { urgent: ['u1', 'u2'], a: ['a1', 'a2'], b: ['b1', 'b2'] })).toEqual({
      out: ['u1', 'u2', 'a1', 'b1', 'a2', 'b2'],
    });
  });

  it('completes only when every input is done', async () => {
    expect(await testStream(stage(), { urgent: [1, 2, 3], a: [4], b: [] }, { capacity: 1 })).toEqual({
      out: [1, 2, 3, 4],
    });
  });

  it('finishes when downstream finishes early, and its endless upstreams stop', async () => {
    const wf = new Workflow({ capacity: 2, strict: true });
    const [p, q] = [counting(), counting()];
    const m = wf.addStream(mergePreferred('p', ['q']));
    wf.addStream(fromIterable(p.iterable)).output('out').pipe(m.input('p'));
    wf.addStream(fromIterable(q.iterable)).output('out').pipe(m.input('q'));
    const sink = collect<number>();
    m.pipe(wf.addStream(take<number>(3))).pipe(wf.addStream(sink));
    await wf.run();
    // The preferred input always has an item ready, so the other one never gets a turn.
    expect(sink.items).toEqual([0, 1, 2]);
    expect([p.finished(), q.finished(), m.state]).toEqual([true, true, 'finished']);
  });

  it('lets an upstream error fail the workflow', async () => {
    const wf = new Workflow();
    const m = wf.addStream(mergePreferred('p', ['q']));
    wf.addStream(fromIterable(failing([1]), { name: 'bad' }))
      .output('out')
      .pipe(m.input('q'));
    m.pipe(wf.addStream(collect()));
    await expectAsync(wf.run()).toBeRejectedWithError(/stream "bad" failed: boom/);
  });

  it('rejects a preferred input that is also among the others', () => {
    expect(() => mergePreferred('a', ['a', 'b'])).toThrowMatching(
      (e) =>
        e instanceof WiringError &&
        /^mergePreferred\(preferred, others\): "a" is both preferred and in others/.test(e.message),
    );
  });

  it(
    'never buffers more than the capacity between fast sources and a slow sink',
    async () => {
      const { wf, received } = await boundedRun(mergePreferred('p', ['q']), { capacity: 16, n: 50_000 });
      expect(received.out.length).toBe(100_000);
      expect(peaks(wf)).toEqual(['mergePreferred.p 16', 'mergePreferred.q 16', 'sink out.in 16']);
    },
    BOUNDED_TIMEOUT,
  );
});

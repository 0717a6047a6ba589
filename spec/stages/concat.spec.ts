import { Workflow, collect, concat, fromIterable, take, WiringError } from '../../src/index';
import { testStream } from '../../src/testing';
import { BOUNDED_TIMEOUT, boundedRun, counting, failing, peaks } from './support';

describe('stages/concat', () => {
  it('emits nothing when every input is empty', async () => {
    expect(await testStream(concat(['a', 'b']), { a: [], b: [] })).toEqual({ out: [] });
  });

  it('emits one item', async () => {
    expect(await testStream(concat(['a', 'b']), { a: [], b: [1] })).toEqual({ out: [1] });
  });

  it('drains the inputs in order', async () => {
    expect(await testStream(concat(3), { in0: [1, 2], in1: [], in2: [3, 4, 5] }, { capacity: 1 })).toEqual({
      out: [1, 2, 3, 4, 5],
    });
  });

  it('finishes when downstream finishes early; an input never reached is cancelled and stops', async () => {
    const wf = new Workflow({ capacity: 2, strict: true });
    const [a, b] = [counting(), counting()];
    const c = wf.addStream(concat(['a', 'b']));
    wf.addStream(fromIterable(a.iterable)).output('out').pipe(c.input('a'));
    wf.addStream(fromIterable(b.iterable)).output('out').pipe(c.input('b'));
    const sink = collect<number>();
    c.pipe(wf.addStream(take<number>(3))).pipe(wf.addStream(sink));
    await wf.run();
    expect(sink.items).toEqual([0, 1, 2]);
    expect([a.finished(), b.finished(), b.pulled() <= 2]).toEqual([true, true, true]);
  });

  it('lets an upstream error fail the workflow', async () => {
    const wf = new Workflow();
    const c = wf.addStream(concat(['a', 'b']));
    wf.addStream(fromIterable([1]))
      .output('out')
      .pipe(c.input('a'));
    wf.addStream(fromIterable(failing([2]), { name: 'bad' }))
      .output('out')
      .pipe(c.input('b'));
    c.pipe(wf.addStream(collect()));
    await expectAsync(wf.run()).toBeRejectedWithError(/stream "bad" failed: boom/);
  });

  it('rejects bad names', () => {
    expect(() => concat(null as never)).toThrowMatching(
      (e) => e instanceof WiringError && /^concat\(names\): expected an array/.test(e.message),
    );
  });

  it(
    'holds a waiting input to its capacity while draining the first into a slow sink',
    async () => {
      const { wf, received } = await boundedRun(concat(['first', 'second']), { capacity: 16, n: 50_000 });
      expect(received.out.length).toBe(100_000);
      expect([received.out[49_999], received.out[50_000], received.out[99_999]]).toEqual([49_999, 0, 49_999]);
      expect(peaks(wf)).toEqual(['concat.first 16', 'concat.second 16', 'sink out.in 16']);
    },
    BOUNDED_TIMEOUT,
  );
});

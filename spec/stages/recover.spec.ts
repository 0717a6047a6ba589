import { StreamError, Workflow, collect, failedStream, fromIterable, map, recover } from '../../src/index';
import { testStream } from '../../src/testing';
import { failing } from './support';
import { matrix } from './matrix';

/** fromIterable(items, then a throw) → map → recover(fn) → collect. */
async function recovered<R>(fn: (err: unknown) => R | undefined, items = [1, 2, 3]) {
  const wf = new Workflow({ capacity: 1, strict: true });
  const sink = collect<number | R>();
  wf.addStream(fromIterable(failing(items, 'broken'), { name: 'source' }))
    .pipe(wf.addStream(map((x: number) => x * 2, { name: 'double' })))
    .pipe(wf.addStream(recover<number, R>(fn)))
    .pipe(wf.addStream(sink));
  await wf.run();
  return { items: sink.items, states: wf.steps.map((s) => `${s.name} ${s.state}`) };
}

describe('stages/recover', () => {
  matrix<number, number>({
    name: 'recover',
    make: () => recover<number>(() => -1),
    recovers: true,
    empty: [],
    one: [[5], [5]],
    many: [
      [1, 2, 3],
      [1, 2, 3],
    ],
    early: { n: 2, out: [0, 1] },
    bad: [[() => recover(null as never), /^recover\(fn\): fn must be a function/]],
    bounded: {
      check: (out) => expect(out.length).toBe(100_000),
      peaks: ['recover.in 16', 'sink out.in 16'],
    },
  });

  it('emits fn(error) after the items sent before an upstream failure, and the run completes', async () => {
    const seen: string[] = [];
    const r = await recovered((err) => {
      seen.push(`${failedStream(err)}: ${(err as Error).message}`);
      return -1;
    });
    expect(r.items).toEqual([2, 4, 6, -1]);
    expect(seen).toEqual(['source: broken']);
    expect(r.states).toEqual(['source failed', 'double failed', 'recover finished', 'collect finished']);
  });

  it('emits nothing more when fn returns undefined, and still completes', async () => {
    expect((await recovered(() => undefined)).items).toEqual([2, 4, 6]);
  });

  it('fails naming itself when fn throws', async () => {
    await expectAsync(
      recovered(() => {
        throw new Error('no fallback');
      }),
    ).toBeRejectedWithError(StreamError, /stream "recover" failed: no fallback/);
  });

  it('does not save a failure that also reaches a sink without a recover: the run fails', async () => {
    const wf = new Workflow();
    const source = wf.addStream(fromIterable(failing([1], 'broken'), { name: 'source' }));
    source.pipe(wf.addStream(recover<number>(() => 0))).pipe(wf.addStream(collect<number>()));
    source.pipe(wf.addStream(collect<number>({ name: 'unguarded' })));
    await expectAsync(wf.run()).toBeRejectedWithError(StreamError, /stream "source" failed: broken/);
  });

  it('passes a plain completion on unchanged', async () => {
    expect(
      await testStream(
        recover<number>(() => -1),
        { in: [1, 2] },
      ),
    ).toEqual({ out: [1, 2] });
  });
});

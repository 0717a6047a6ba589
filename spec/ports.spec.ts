import { PortError, Stream, Workflow } from '../src/index';
import { source } from './support/streams';

/** A stream on a sync group {a, b} that pops every complete set, then tries one pop too many. */
function greedyJoin(seen: string[], cancelFirst: boolean): Stream<{ a: number; b: number }, {}> {
  return new Stream<{ a: number; b: number }, {}>({
    ins: ['a', 'b'],
    fn: (ins) => {
      for (let sets = ins.a.size; sets > 0; sets--) seen.push(`${ins.a.pop()}+${ins.b.pop()}`);
      if (cancelFirst && !ins.a.done) ins.a.cancel();
      try {
        seen.push(`past the sets: ${ins.a.pop()}`);
      } catch (err) {
        seen.push(err instanceof PortError ? 'empty' : String(err));
      }
    },
  });
}

describe('InputPort in a sync group', () => {
  it('pops only complete sets, however many pops came before', async () => {
    const wf = new Workflow();
    const seen: string[] = [];
    const join = wf.addStream(greedyJoin(seen, false)).synchronise(['a', 'b']);
    wf.addStream(source([1, 2, 3, 4], 'a'))
      .output('out')
      .pipe(join.input('a'));
    wf.addStream(source([10, 20], 'b'))
      .output('out')
      .pipe(join.input('b'));
    await wf.run();
    expect(seen.filter((s) => s !== 'empty')).toEqual(['1+10', '2+20']);
    expect(seen).toContain('empty');
  });

  it('pops nothing from a cancelled input, even with sets counted before', async () => {
    const wf = new Workflow();
    const seen: string[] = [];
    const join = wf.addStream(greedyJoin(seen, true)).synchronise(['a', 'b']);
    wf.addStream(source([1, 2, 3], 'a'))
      .output('out')
      .pipe(join.input('a'));
    wf.addStream(source([10, 20, 30], 'b'))
      .output('out')
      .pipe(join.input('b'));
    await wf.run();
    const pairs = seen.filter((s) => s !== 'empty');
    expect(['1+10', '2+20', '3+30'].slice(0, pairs.length)).toEqual(pairs);
    expect(seen[seen.length - 1]).toBe('empty');
    expect(seen.some((s) => s.startsWith('past'))).toBeFalse();
  });
});

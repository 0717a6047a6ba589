import { intersperse } from '../../src/index';
import { testStream } from '../../src/testing';
import { matrix } from './matrix';

describe('stages/intersperse', () => {
  matrix<string, string>({
    name: 'intersperse',
    make: () => intersperse(','),
    empty: [],
    one: [['a'], ['a']],
    many: [
      ['a', 'b', 'c'],
      ['a', ',', 'b', ',', 'c'],
    ],
    bad: [[() => intersperse(',', 'x' as never), /^intersperse\(…, options\): options must be a plain object/]],
  });

  it('emits start and end around the items, even for an empty input', async () => {
    const make = () => intersperse<string>(',', { start: '[', end: ']' });
    expect((await testStream(make(), { in: ['a', 'b'] }, { capacity: 1 })).out).toEqual(['[', 'a', ',', 'b', ']']);
    expect((await testStream(make(), { in: [] })).out).toEqual(['[', ']']);
  });

  it('finishes when downstream finishes early, and its endless upstream stops', async () => {
    const { earlyFinish } = await import('./support');
    const r = await earlyFinish(intersperse<number, number>(-1), 4);
    expect(r.out).toEqual([0, -1, 1, -1]);
    expect(r.sourceFinished).toBe(true);
  });

  it('never buffers more than the capacity between a fast source and a slow sink', async () => {
    const { boundedRun, peaks, BOUNDED_TIMEOUT } = await import('./support');
    void BOUNDED_TIMEOUT;
    const { wf, received } = await boundedRun(intersperse<number, number>(-1), { capacity: 16, n: 10_000 });
    expect(received.out.length).toBe(19_999);
    expect(peaks(wf)).toEqual(['intersperse.in 16', 'sink out.in 16']);
  }, 60_000);
});

import { marbles } from 'rxjs-marbles/jasmine';
import { Stream, Workflow, asOperator } from '../src/index';
import { route } from './support/route';

describe('marbles: unsubscription', () => {
  it(
    'emits nothing after unsubscription and unsubscribes every source at that frame',
    marbles((m) => {
      const values = { a: 1, b: 2, c: 3, d: 4, e: 5 };
      const input = m.hot('-a-b-c-d-e|', values);
      const stop = /*  */ '^-----!';
      const even = /*  */ '---b---';
      const odd = /*   */ '-a---c-';
      let finalized = 0;
      const split = asOperator<{ in: number }, { even: number; odd: number }>(() => {
        const workflow = new Workflow({ scheduler: m.scheduler });
        const r = workflow.addStream(route());
        const count = workflow.addStream(new Stream<{ in: number }, { out: number }>({
          name: 'count', ins: ['in'], outs: ['out'], finalize: () => finalized++,
        }));
        r.output('even').pipe(count.input('in'));
        return workflow.expose({ in: r.input('in'), even: count.output('out'), odd: r.output('odd') });
      });
      const outs = split({ in: input });
      m.expect(outs.even, stop).toBeObservable(even, values);
      m.expect(outs.odd, stop).toBeObservable(odd, values);
      m.has(input, stop);
      m.flush();
      expect(finalized).toBe(1);
    }),
  );

  it(
    'stops a run$ subscription and its sources at the unsubscription frame',
    marbles((m) => {
      const input = m.hot('-a-b-c-d|');
      const stop = /*  */ '^--!';
      const seen = /*  */ '-a-|';
      const workflow = new Workflow({ scheduler: m.scheduler });
      const source = workflow.addSource(input, { name: 'letters' });
      // A tap subscribed on its own sees the aborted run as a completion.
      m.expect(workflow.output$(source.output('out'))).toBeObservable(seen);
      m.expect(workflow.run$(), stop).toBeObservable('---');
      m.has(input, stop);
    }),
  );
});

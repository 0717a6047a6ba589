import { marbles } from 'rxjs-marbles/jasmine';
import { Stream, Workflow, asOperator } from '../src/index';
import { route } from './support/route';

/** Passes numbers on, and throws on 4. */
function failOnFour() {
  return new Stream<{ in: number }, { out: number }>({
    name: 'failOnFour',
    ins: ['in'],
    outs: ['out'],
    fn: (ins, outs) => {
      while (ins.in.size > 0) {
        const n = ins.in.pop();
        if (n === 4) throw new Error('four');
        outs.out.push(n);
      }
    },
  });
}

describe('marbles: error', () => {
  it(
    'errors every output at the failing frame, and the other outputs stop',
    marbles((m) => {
      const values = { a: 1, b: 2, c: 3, d: 4, e: 5 };
      const input = m.hot('-a-b-c-d-e|', values);
      const even = /*  */ '---b---#';
      const odd = /*   */ '-a---c-#';
      const sources = /**/ '^------!';
      // The error as the stream threw it, as behind any RxJS operator.
      const failure = new Error('four');
      const split = asOperator<{ in: number }, { even: number; odd: number }>(() => {
        const workflow = new Workflow({ scheduler: m.scheduler });
        const r = workflow.addStream(route());
        const f = workflow.addStream(failOnFour());
        r.output('even').pipe(f.input('in'));
        return workflow.expose({ in: r.input('in'), even: f.output('out'), odd: r.output('odd') });
      });
      const outs = split({ in: input });
      m.expect(outs.even).toBeObservable(even, values, failure);
      m.expect(outs.odd).toBeObservable(odd, values, failure);
      m.has(input, sources);
    }),
  );
});

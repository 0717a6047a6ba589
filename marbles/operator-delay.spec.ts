import { marbles } from 'rxjs-marbles/jasmine';
import { delay } from 'rxjs';
import { Stream, Workflow, asOperator } from '../src/index';
import { route } from './support/route';

describe('marbles: fromOperator(delay) in a multi-output graph', () => {
  it(
    'shifts exactly its own branch; synchronous stages add no time',
    marbles((m) => {
      const values = { a: 1, b: 2, c: 3, d: 4 };
      const input = m.hot(' -a-b-c-d|', values);
      const even = /*   */ ' ------b---(d|)';
      const odd = /*    */ ' -a---c--|';
      const split = asOperator<{ in: number }, { even: number; odd: number }>(() => {
        const workflow = new Workflow({ scheduler: m.scheduler });
        const r = workflow.addStream(route());
        const late = workflow.addStream(Stream.fromOperator(delay<number>(3), { name: 'late' }));
        r.output('even').pipe(late.input('in'));
        return workflow.expose({ in: r.input('in'), even: late.output('out'), odd: r.output('odd') });
      });
      const outs = split({ in: input });
      m.expect(outs.even).toBeObservable(even, values);
      m.expect(outs.odd).toBeObservable(odd, values);
    }),
  );
});

import { marbles } from 'rxjs-marbles/jasmine';
import { Workflow, asOperator } from '../src/index';
import { route } from './support/route';

describe('marbles: fork', () => {
  it(
    'routes by a predicate: one marble per output, each completing at the input completion frame',
    marbles((m) => {
      const values = { a: 1, b: 2, c: 3, d: 4 };
      const input = m.cold(' -a-b-c-d|', values);
      const even = /*   */ ' ---b---d|';
      const odd = /*    */ ' -a---c--|';
      const split = asOperator<{ in: number }, { even: number; odd: number }>(() => {
        const workflow = new Workflow({ scheduler: m.scheduler, capacity: 4 });
        const step = workflow.addStream(route());
        return workflow.expose({ in: step.input('in'), even: step.output('even'), odd: step.output('odd') });
      });
      const outs = split({ in: input });
      m.expect(outs.even).toBeObservable(even, values);
      m.expect(outs.odd).toBeObservable(odd, values);
    }),
  );
});

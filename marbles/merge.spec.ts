import { marbles } from 'rxjs-marbles/jasmine';
import { Stream, Workflow, asOperator } from '../src/index';

describe('marbles: merge', () => {
  it(
    'merges two outputs into one input in arrival order, completing when both complete',
    marbles((m) => {
      const left = m.hot(' -a---c|');
      const right = m.hot('--b---d---|');
      const out = /*   */ '-ab--cd---|';
      const merged = asOperator<{ left: string; right: string }, { out: string }>(() => {
        const workflow = new Workflow({ scheduler: m.scheduler });
        const pass = workflow.addStream(new Stream<{ in: string }, { out: string }>({ name: 'pass', ins: ['in'], outs: ['out'] }));
        return workflow.expose({ left: pass.input('in'), right: pass.input('in'), out: pass.output('out') });
      });
      m.expect(merged({ left, right }).out).toBeObservable(out);
    }),
  );
});

import { marbles } from 'rxjs-marbles/jasmine';
import { Stream, Workflow, asOperator } from '../src/index';

/** Pairs items of `left` and `right`, which are synchronised. */
function join() {
  return new Stream<{ left: string; right: string }, { out: string }>({
    name: 'join',
    ins: ['left', 'right'],
    outs: ['out'],
    fn: (ins, outs) => {
      while (ins.left.size > 0 && !outs.out.full) outs.out.push(ins.left.pop() + ins.right.pop());
    },
  });
}

describe('marbles: join', () => {
  it(
    'emits each pair at the frame its later partner arrives, and completes when no pair can follow',
    marbles((m) => {
      const left = m.hot(' -a----b|');
      const right = m.hot('---x-y----|');
      const out = /*   */ '---p--q|';
      const pairs = asOperator<{ left: string; right: string }, { out: string }>(() => {
        const workflow = new Workflow({ scheduler: m.scheduler });
        const step = workflow.addStream(join()).synchronise(['left', 'right']);
        return workflow.expose({ left: step.input('left'), right: step.input('right'), out: step.output('out') });
      });
      m.expect(pairs({ left, right }).out).toBeObservable(out, { p: 'ax', q: 'by' });
    }),
  );
});

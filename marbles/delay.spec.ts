import { marbles } from 'rxjs-marbles/jasmine';
import { Workflow, asOperator, broadcast, delay } from '../src/index';
import { through } from './support/stage';

describe('marbles: delay', () => {
  it(
    'emits every item ms frames after it arrived, and completes after the last',
    marbles((m) => {
      const values = { a: 1, b: 2, c: 3 };
      const input = m.hot('-a-b---c|', values);
      const out = /*   */ '----a-b---(c|)';
      m.expect(through(m.scheduler, () => delay<number>(3))(input)).toBeObservable(out, values);
    }),
  );

  it(
    'holds at most size items: the rest of a burst waits upstream and is timed from when it is taken',
    marbles((m) => {
      const values = { a: 1, b: 2, c: 3, d: 4 };
      const input = m.hot('-(abcd)|', values);
      const out = /*   */ '-----(ab)(cd|)';
      m.expect(through(m.scheduler, () => delay<number>(4, { size: 2 }))(input)).toBeObservable(out, values);
    }),
  );

  it(
    'shifts only its own branch of a fan-out',
    marbles((m) => {
      const values = { a: 1, b: 2, c: 3 };
      const input = m.hot(' -a-b-c|', values);
      const late = /*    */ '---a-b-(c|)';
      const now = /*     */ '-a-b-c|';
      const op = asOperator<{ in: number }, { late: number; now: number }>(() => {
        const workflow = new Workflow({ scheduler: m.scheduler });
        const fan = workflow.addStream(broadcast(['late', 'now']));
        const wait = workflow.addStream(delay<number>(2));
        fan.output('late').pipe(wait.input('in'));
        return workflow.expose({ in: fan.input('in'), late: wait.output('out'), now: fan.output('now') });
      });
      const outs = op({ in: input });
      m.expect(outs.late).toBeObservable(late, values);
      m.expect(outs.now).toBeObservable(now, values);
    }),
  );
});

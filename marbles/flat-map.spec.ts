import { marbles } from 'rxjs-marbles/jasmine';
import { map, of, timer } from 'rxjs';
import { MimoError, Workflow, asOperator, delay, flatMap } from '../src/index';
import { through } from './support/stage';

describe('marbles: flatMap over inner Observables', () => {
  it(
    'subscribes each inner only when it is its turn: one after another by default',
    marbles((m) => {
      const values = { a: 1, b: 2, x: 10, y: 20 };
      const inners = [m.cold('--x|', values), m.cold('--y|', values)];
      const input = m.hot('-a-b|', values);
      const out = /*   */ '---x--y|';
      m.expect(through(m.scheduler, () => flatMap((_: number, i: number) => inners[i]))(input)).toBeObservable(
        out,
        values,
      );
      m.has(inners[0], '-^--!');
      m.has(inners[1], '----^--!');
    }),
  );

  it(
    'merges up to concurrency inners at once',
    marbles((m) => {
      const values = { a: 1, b: 2, c: 3, A: 10, B: 20, C: 30 };
      const input = m.hot('-a-b-c|', values);
      const concat = /**/ '----A--B--(C|)';
      const merged = /**/ '----A-B-(C|)';
      const inner = (x: number) => timer(3).pipe(map(() => x * 10));
      m.expect(through(m.scheduler, () => flatMap(inner))(input)).toBeObservable(concat, values);
      m.expect(through(m.scheduler, () => flatMap(inner, { concurrency: 3 }))(input)).toBeObservable(merged, values);
    }),
  );

  it(
    'drains a synchronous inner downstream as it emits, and applies the overflow policy when downstream cannot keep up',
    marbles((m) => {
      const values = { a: 1, b: 2, c: 3, d: 4, e: 5 };
      const input = m.hot('-a|', values);
      const burst = () => of(1, 2, 3, 4, 5);
      const alone = m.hot('-a------|', values);
      m.expect(through(m.scheduler, () => flatMap(burst))(alone)).toBeObservable('-(abcde)|', values);
      // Behind a delay that holds one item and a connection of capacity 1, two items fit, and two wait in the
      // inner's buffer of 2: the fifth finds it full.
      const slow = (overflow: 'error' | 'drop-newest' | 'drop-oldest') =>
        asOperator<{ in: number }, { out: number }>(() => {
          const workflow = new Workflow({ scheduler: m.scheduler, capacity: 1 });
          const flat = workflow.addStream(flatMap(burst, { size: 2, overflow }));
          const wait = workflow.addStream(delay<number>(3, { size: 1 }));
          flat.pipe(wait);
          return workflow.expose({ in: flat.input('in'), out: wait.output('out') });
        })({ in: input }).out;
      // The error leaves the workflow as the stage threw it.
      const error = new MimoError(
        'flatMap: an inner Observable emitted while 2 of its items waited for room; ' +
          'an Observable cannot be paused: raise size, return an iterable instead, or choose ' +
          "overflow: 'drop-newest' | 'drop-oldest' | 'unbounded'.",
      );
      m.expect(slow('error')).toBeObservable('-#', values, error);
      m.expect(slow('drop-newest')).toBeObservable('----a--b--c--(d|)', values);
      m.expect(slow('drop-oldest')).toBeObservable('----a--b--d--(e|)', values);
    }),
  );
});

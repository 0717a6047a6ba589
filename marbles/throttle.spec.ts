import { marbles } from 'rxjs-marbles/jasmine';
import { Workflow, throttle } from '../src/index';
import { through } from './support/stage';

describe('marbles: throttle', () => {
  it(
    'lets one item through every per / elements frames, never dropping',
    marbles((m) => {
      const values = { a: 1, b: 2, c: 3, d: 4 };
      const input = m.hot('-(abcd)|', values);
      const out = /*   */ '-a-b-c-(d|)';
      m.expect(through(m.scheduler, () => throttle<number>(1, 2))(input)).toBeObservable(out, values);
    }),
  );

  it(
    'lets a burst through at once after a quiet spell, then keeps the pace',
    marbles((m) => {
      const values = { a: 1, b: 2, c: 3, d: 4, e: 5, f: 6 };
      const input = m.hot('-(abcde)-----------f|', values);
      const out = /*   */ '-(ab)-c----d----e----(f|)';
      m.expect(through(m.scheduler, () => throttle<number>(2, 10, { burst: 2 }))(input)).toBeObservable(out, values);
    }),
  );

  it(
    'back-pressures: a lazily pulled source is pulled at the pace, and a fan-out of it keeps in step',
    marbles((m) => {
      const values = { a: 0, b: 1, c: 2, d: 3, e: 4 };
      const pulls: number[] = [];
      function* numbers() {
        for (let n = 0; n < 5; n++) {
          pulls.push(m.scheduler.now());
          yield n;
        }
      }
      const workflow = new Workflow({ scheduler: m.scheduler, capacity: 1 });
      const source = workflow.addSource(numbers, { name: 'numbers' });
      const paced = workflow.addStream(throttle<number>(1, 5));
      source.pipe(paced);
      // The source's items as they leave it, and the throttle's: one connection of capacity 1 between them.
      m.expect(workflow.output$(source.output('out'))).toBeObservable('(ab)-c----d----e----|', values);
      m.expect(workflow.output$(paced.output('out'))).toBeObservable('a----b----c----d----(e|)', values);
      m.expect(workflow.run$()).toBeObservable('20ms |');
      m.flush();
      expect(pulls).toEqual([0, 0, 5, 10, 15]);
    }),
  );
});

import { marbles } from 'rxjs-marbles/jasmine';
import { delay } from 'rxjs';
import { Stream, Workflow } from '../src/index';

describe('marbles: split from a lazily pulled source', () => {
  it(
    'keeps the fast branch in pace until the slow branch fills, then holds the source back',
    marbles((m) => {
      const values = { a: 1, b: 2, c: 3, d: 4, e: 5, f: 6 };
      const pulls: number[] = [];
      function* numbers() {
        for (let n = 1; n <= 6; n++) {
          pulls.push(m.scheduler.now());
          yield n;
        }
        pulls.push(m.scheduler.now());
      }
      const workflow = new Workflow({ scheduler: m.scheduler, capacity: 2 });
      const source = workflow.addSource(numbers, { name: 'numbers' });
      // One item at a time, 5 frames each: a consumer slower than the source.
      const slow = workflow.addStream(Stream.fromOperator(delay<number>(5), { name: 'slow', inFlight: 1 }));
      source.output('out').pipe(slow.input('in'));
      const fast$ = workflow.output$(source.output('out'));
      const slow$ = workflow.output$(slow.output('out'));

      const fast = ' (abc)d----e----f----|';
      const slower = '-----a----b----c----d----e----(f|)';
      const run = '   30ms |';
      m.expect(fast$).toBeObservable(fast, values);
      m.expect(slow$).toBeObservable(slower, values);
      m.expect(workflow.run$()).toBeObservable(run);
      m.flush();
      // Three pulls fill both connections at frame 0; then one pull each time the slow branch takes an item.
      expect(pulls).toEqual([0, 0, 0, 5, 10, 15, 20]);
      expect(source.outputPort('out').conns.map((c) => c.peak)).toEqual([2, 2]);
    }),
  );
});

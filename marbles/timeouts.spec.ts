import { marbles } from 'rxjs-marbles/jasmine';
import { TimeoutError, completionTimeout, idleTimeout } from '../src/index';
import { through } from './support/stage';

describe('marbles: idleTimeout and completionTimeout', () => {
  it(
    'idleTimeout fails ms frames after the last item, naming the stage',
    marbles((m) => {
      const values = { a: 1, b: 2, c: 3 };
      const input = m.hot('-a-b-------c|', values);
      const out = /*   */ '-a-b----#';
      const sources = /**/ '^-------!';
      // The error leaves the workflow as the stage threw it.
      const error = new TimeoutError(
        'idleTimeout: no item arrived for 5 ms; raise ms, or find what stops upstream ' +
          '(a slow consumer downstream stops it too).',
      );
      m.expect(through(m.scheduler, () => idleTimeout<number>(5))(input)).toBeObservable(out, values, error);
      m.has(input, sources);
    }),
  );

  it(
    'idleTimeout lets an input that keeps its pace complete',
    marbles((m) => {
      const values = { a: 1, b: 2, c: 3 };
      const input = m.hot('-a----b----c|', values);
      const out = /*   */ '-a----b----c|';
      m.expect(through(m.scheduler, () => idleTimeout<number>(5))(input)).toBeObservable(out, values);
    }),
  );

  it(
    'completionTimeout fails ms frames after its first item unless the input closed by then',
    marbles((m) => {
      const values = { a: 1, b: 2, c: 3, d: 4, e: 5 };
      const long = m.hot(' -a-b-c-d-e-', values);
      const short = m.hot('-a-b-c|', values);
      const error = new TimeoutError(
        'completionTimeout: the input did not close within 6 ms; raise ms, or make upstream finish sooner.',
      );
      m.expect(through(m.scheduler, () => completionTimeout<number>(6))(long)).toBeObservable('-a-b-c-#', values, error);
      m.expect(through(m.scheduler, () => completionTimeout<number>(6))(short)).toBeObservable('-a-b-c|', values);
    }),
  );
});

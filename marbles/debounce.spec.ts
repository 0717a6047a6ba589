import { marbles } from 'rxjs-marbles/jasmine';
import { debounce } from '../src/index';
import { through } from './support/stage';

describe('marbles: debounce', () => {
  it(
    'emits an item once ms frames pass without another, and the last one when the input completes',
    marbles((m) => {
      const values = { a: 1, b: 2, c: 3 };
      const input = m.hot('-a-b------c-|', values);
      const out = /*   */ '--------b---(c|)';
      m.expect(through(m.scheduler, () => debounce<number>(5))(input)).toBeObservable(out, values);
    }),
  );

  it(
    'emits nothing while items keep coming faster than ms',
    marbles((m) => {
      const values = { a: 1, b: 2, c: 3, d: 4, e: 5 };
      const input = m.hot('-a-b-c-d-e|', values);
      const out = /*   */ '----------(e|)';
      m.expect(through(m.scheduler, () => debounce<number>(3))(input)).toBeObservable(out, values);
    }),
  );
});

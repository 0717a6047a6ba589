import { marbles } from 'rxjs-marbles/jasmine';
import { keepAlive } from '../src/index';
import { through } from './support/stage';

describe('marbles: keepAlive', () => {
  it(
    'emits a heartbeat whenever nothing was emitted for ms frames, and none after the input completes',
    marbles((m) => {
      const values = { a: 1, b: 2, k: 0 };
      const input = m.hot('-a-----------b|', values);
      const out = /*   */ '-a----k----k-b|';
      m.expect(through(m.scheduler, () => keepAlive(5, () => 0))(input)).toBeObservable(out, values);
    }),
  );
});

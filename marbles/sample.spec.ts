import { marbles } from 'rxjs-marbles/jasmine';
import { sample } from '../src/index';
import { through } from './support/stage';

describe('marbles: sample', () => {
  it(
    'emits the newest item at each tick from the first arrival; an item still waiting for its tick at the end is dropped',
    marbles((m) => {
      const values = { a: 1, b: 2, c: 3, d: 4 };
      const input = m.hot('-a-b-c----d-|', values);
      const out = /*   */ '-----b---c--|';
      m.expect(through(m.scheduler, () => sample<number>(4))(input)).toBeObservable(out, values);
    }),
  );

  it(
    'emits nothing at a tick when no item came since the last one',
    marbles((m) => {
      const values = { a: 1, b: 2 };
      const input = m.hot('-a----------b--|', values);
      const out = /*   */ '---a---------b-|';
      m.expect(through(m.scheduler, () => sample<number>(2))(input)).toBeObservable(out, values);
    }),
  );
});

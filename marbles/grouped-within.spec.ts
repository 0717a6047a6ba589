import { marbles } from 'rxjs-marbles/jasmine';
import { groupedWithin } from '../src/index';
import { through } from './support/stage';

describe('marbles: groupedWithin', () => {
  it(
    'emits a group at n items or ms frames after its first item, whichever comes first, and the rest at the end',
    marbles((m) => {
      const values: Record<string, any> = { a: 1, b: 2, c: 3, d: 4, e: 5, x: [1, 2, 3], y: [4], z: [5] };
      const input = m.hot('-(abc)-d------e|', values);
      const out = /*   */ '-x----------y--(z|)';
      m.expect(through(m.scheduler, () => groupedWithin<unknown>(3, 5))(input)).toBeObservable(out, values);
    }),
  );

  it(
    'emits no empty group while no item comes',
    marbles((m) => {
      const values: Record<string, any> = { a: 1, b: 2, x: [1], y: [2] };
      const input = m.hot('-a-------------b|', values);
      const out = /*   */ '---x------------(y|)';
      m.expect(through(m.scheduler, () => groupedWithin<unknown>(10, 2))(input)).toBeObservable(out, values);
    }),
  );
});

/** Plain RxJS 7: synchronous push, no back-pressure. */
import { connectable, filter, from, map, merge, mergeMap, range, Subject, zip, type Observable } from 'rxjs';
import type { Tally } from '../harness';
import { macrotask } from '../harness';
import type { Library } from '../scenarios';
import {
  BRANCHES,
  CONCURRENCY,
  SLOW_EVERY,
  branch,
  double,
  doubleAsync,
  keep,
  makeRecord,
  rightOf,
  times,
} from '../scenarios';

function drain(source: Observable<number>, tally: Tally): Promise<void> {
  return new Promise((resolve, reject) => {
    source.subscribe({ next: (x) => tally.add(x), error: reject, complete: resolve });
  });
}

export const rxjs: Library = {
  name: 'rxjs',
  idiom: 'range → operators → subscribe; connectable + merge for fan-out/fan-in, zip, mergeMap(…, n)',
  // zip buffers all of the first (synchronous) source and shifts that array per pair: quadratic time.
  maxItems: { join: 100_000 },
  scenarios: {
    linear: (n, tally) => drain(range(0, n).pipe(map(double), filter(keep)), tally),
    'fan-out/fan-in'(n, tally) {
      const source = connectable(range(0, n), { connector: () => new Subject<number>(), resetOnDisconnect: false });
      const branches: Observable<number>[] = [];
      for (let k = 0; k < BRANCHES; k++) branches.push(source.pipe(map(branch(k))));
      const done = drain(merge(...branches), tally);
      source.connect();
      return done;
    },
    join: (n, tally) =>
      drain(zip(range(0, n), range(0, n).pipe(map((i) => rightOf(n, i)))).pipe(map(([a, b]) => times(a, b))), tally),
    async: (n, tally) => drain(range(0, n).pipe(mergeMap(doubleAsync, CONCURRENCY)), tally),
    memory(n, tally) {
      let seen = 0;
      const slowSink = (id: number): Observable<number> => {
        tally.add(id);
        return ++seen % SLOW_EVERY === 0 ? from(macrotask().then(() => 0)) : from([0]);
      };
      return new Promise((resolve, reject) => {
        range(0, n)
          .pipe(
            map(makeRecord),
            mergeMap((r) => slowSink(r.id), 1),
          )
          .subscribe({ error: reject, complete: resolve });
      });
    },
  },
};

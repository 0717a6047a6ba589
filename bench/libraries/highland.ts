/** highland: lazy pull streams with shared back-pressure (fork), zip and parallel. */
import _ from 'highland';
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

/** A lazy source over an iterator of `make(0)` … `make(n - 1)`. */
function generate<T>(n: number, make: (i: number) => T): Highland.Stream<T> {
  let i = 0;
  const iterator: Iterator<T> = {
    next: () => (i < n ? { done: false, value: make(i++) } : { done: true, value: undefined }),
  };
  return _(iterator);
}

function drain(stream: Highland.Stream<number>, tally: Tally): Promise<void> {
  return new Promise((resolve, reject) => {
    stream
      .errors((err) => reject(err))
      .each((x) => tally.add(x))
      .done(resolve);
  });
}

export const highland: Library = {
  name: 'highland',
  idiom:
    'lazy iterator source; fork() for fan-out (shared back-pressure) and merge(); zip(); map(→ stream).parallel(n); consume() for the slow sink',
  maxItems: { 'fan-out/fan-in': 50_000, join: 100_000, async: 50_000 },
  scenarios: {
    linear: (n, tally) =>
      drain(
        generate(n, (i) => i)
          .map(double)
          .filter(keep),
        tally,
      ),
    'fan-out/fan-in'(n, tally) {
      const source = generate(n, (i) => i);
      const branches: Highland.Stream<number>[] = [];
      for (let k = 0; k < BRANCHES; k++) branches.push(source.fork().map(branch(k)));
      return drain(_(branches).merge(), tally);
    },
    join: (n, tally) =>
      drain(
        generate(n, (i) => i)
          .zip(generate(n, (i) => rightOf(n, i)))
          .map(([a, b]) => times(a, b)),
        tally,
      ),
    async: (n, tally) =>
      drain(
        generate(n, (i) => i)
          .map((x) => _(doubleAsync(x)))
          .parallel(CONCURRENCY),
        tally,
      ),
    memory(n, tally) {
      let seen = 0;
      return new Promise((resolve, reject) => {
        generate(n, makeRecord)
          .consume<number>((err, x, push, next) => {
            if (err) {
              push(err);
              next();
            } else if (_.isNil(x)) {
              push(null, x);
            } else {
              tally.add(x.id);
              if (++seen % SLOW_EVERY === 0) macrotask().then(() => next(), reject);
              else next();
            }
          })
          .errors((err) => reject(err))
          .done(resolve);
      });
    },
  },
};

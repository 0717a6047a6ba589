/** Async generators chained with `for await`: pull-based, one item per await. */
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
  type Record1K,
} from '../scenarios';

async function* generate<T>(n: number, make: (i: number) => T): AsyncGenerator<T> {
  for (let i = 0; i < n; i++) yield make(i);
}

async function* mapper<A, B>(source: AsyncIterable<A>, fn: (a: A) => B): AsyncGenerator<B> {
  for await (const x of source) yield fn(x);
}

async function* filterer<T>(source: AsyncIterable<T>, pred: (a: T) => boolean): AsyncGenerator<T> {
  for await (const x of source) if (pred(x)) yield x;
}

/** Fan-out and fan-in in one generator: every item through each branch, results interleaved. */
async function* fanOut<A, B>(source: AsyncIterable<A>, branches: ((a: A) => B)[]): AsyncGenerator<B> {
  for await (const x of source) for (let k = 0; k < branches.length; k++) yield branches[k](x);
}

async function* zipWith<A, B, C>(
  left: AsyncIterable<A>,
  right: AsyncIterable<B>,
  fn: (a: A, b: B) => C,
): AsyncGenerator<C> {
  const l = left[Symbol.asyncIterator]();
  const r = right[Symbol.asyncIterator]();
  for (;;) {
    const [a, b] = await Promise.all([l.next(), r.next()]);
    if (a.done || b.done) return;
    yield fn(a.value, b.value);
  }
}

/** At most `concurrency` promises in flight, results in order. */
async function* mapAsync<A, B>(
  source: AsyncIterable<A>,
  fn: (a: A) => Promise<B>,
  concurrency: number,
): AsyncGenerator<B> {
  const window: Promise<B>[] = [];
  for await (const x of source) {
    window.push(fn(x));
    if (window.length >= concurrency) yield await window.shift()!;
  }
  while (window.length > 0) yield await window.shift()!;
}

async function drain(source: AsyncIterable<number>, tally: Tally): Promise<void> {
  for await (const x of source) tally.add(x);
}

const branches = Array.from({ length: BRANCHES }, (_, k) => branch(k));

export const asyncGenerators: Library = {
  name: 'async generators',
  idiom:
    'async function* stages chained with for await; fan-out/fan-in inlined in one generator; Promise.all zip; a window of promises for concurrency',
  scenarios: {
    linear: (n, tally) =>
      drain(
        filterer(
          mapper(
            generate(n, (i) => i),
            double,
          ),
          keep,
        ),
        tally,
      ),
    'fan-out/fan-in': (n, tally) =>
      drain(
        fanOut(
          generate(n, (i) => i),
          branches,
        ),
        tally,
      ),
    join: (n, tally) =>
      drain(
        zipWith(
          generate(n, (i) => i),
          generate(n, (i) => rightOf(n, i)),
          times,
        ),
        tally,
      ),
    async: (n, tally) =>
      drain(
        mapAsync(
          generate(n, (i) => i),
          doubleAsync,
          CONCURRENCY,
        ),
        tally,
      ),
    async memory(n, tally) {
      let seen = 0;
      for await (const record of generate<Record1K>(n, makeRecord)) {
        tally.add(record.id);
        if (++seen % SLOW_EVERY === 0) await macrotask();
      }
    },
  },
};

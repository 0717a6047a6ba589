/** WHATWG streams (Node's global ReadableStream/TransformStream/WritableStream), high-water mark = CAPACITY. */
import { CountQueuingStrategy, ReadableStream, TransformStream, WritableStream } from 'stream/web';
import type { Tally } from '../harness';
import { macrotask } from '../harness';
import type { Library } from '../scenarios';
import {
  BRANCHES,
  CAPACITY,
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

const strategy = () => new CountQueuingStrategy({ highWaterMark: CAPACITY });

/** A source that fills its queue up to the high-water mark on each pull. */
function generate<T>(n: number, make: (i: number) => T): ReadableStream<T> {
  let i = 0;
  return new ReadableStream<T>(
    {
      pull(controller) {
        while (i < n && (controller.desiredSize ?? 0) > 0) controller.enqueue(make(i++));
        if (i >= n) controller.close();
      },
    },
    strategy(),
  );
}

function mapper<A, B>(fn: (a: A) => B): TransformStream<A, B> {
  return new TransformStream<A, B>({ transform: (chunk, c) => c.enqueue(fn(chunk)) }, strategy(), strategy());
}

function filterer<T>(pred: (a: T) => boolean): TransformStream<T, T> {
  return new TransformStream<T, T>(
    {
      transform(chunk, c) {
        if (pred(chunk)) c.enqueue(chunk);
      },
    },
    strategy(),
    strategy(),
  );
}

function sink(tally: Tally): WritableStream<number> {
  return new WritableStream<number>({ write: (chunk) => tally.add(chunk) }, strategy());
}

/** Several readables into one: each is read as soon as the merged queue has room. */
function merge<T>(sources: ReadableStream<T>[]): ReadableStream<T> {
  let open = sources.length;
  let room: Promise<void> | null = null;
  let wake: (() => void) | null = null;
  return new ReadableStream<T>(
    {
      start(controller) {
        const forward = async (source: ReadableStream<T>) => {
          const reader = source.getReader();
          for (;;) {
            const { done, value } = await reader.read();
            if (done) break;
            controller.enqueue(value);
            while ((controller.desiredSize ?? 0) <= 0)
              await (room ??= new Promise<void>((resolve) => (wake = resolve)));
          }
          if (--open === 0) controller.close();
        };
        for (const s of sources) forward(s).catch((err) => controller.error(err));
      },
      pull() {
        const resume = wake;
        room = wake = null;
        resume?.();
      },
    },
    strategy(),
  );
}

function zipWith<A, B, C>(left: ReadableStream<A>, right: ReadableStream<B>, fn: (a: A, b: B) => C): ReadableStream<C> {
  const l = left.getReader();
  const r = right.getReader();
  return new ReadableStream<C>(
    {
      async pull(controller) {
        const [a, b] = await Promise.all([l.read(), r.read()]);
        if (a.done || b.done) controller.close();
        else controller.enqueue(fn(a.value, b.value));
      },
    },
    strategy(),
  );
}

/** At most `concurrency` promises in flight, results in order. */
function mapAsync<A, B>(fn: (a: A) => Promise<B>, concurrency: number): TransformStream<A, B> {
  const window: Promise<B>[] = [];
  return new TransformStream<A, B>(
    {
      async transform(chunk, c) {
        window.push(fn(chunk));
        if (window.length >= concurrency) c.enqueue(await window.shift()!);
      },
      async flush(c) {
        while (window.length > 0) c.enqueue(await window.shift()!);
      },
    },
    strategy(),
    strategy(),
  );
}

export const whatwgStreams: Library = {
  name: 'whatwg streams',
  idiom: `ReadableStream/TransformStream/WritableStream, highWaterMark ${CAPACITY}, pull() fills the queue in one go; tee() for fan-out, a ReadableStream reading several readers for fan-in`,
  maxItems: { linear: 200_000, 'fan-out/fan-in': 50_000, join: 200_000 },
  scenarios: {
    linear: (n, tally) =>
      generate(n, (i) => i)
        .pipeThrough(mapper(double))
        .pipeThrough(filterer(keep))
        .pipeTo(sink(tally)),
    'fan-out/fan-in'(n, tally) {
      let copies = [generate(n, (i) => i)];
      while (copies.length < BRANCHES) copies = copies.flatMap((s) => s.tee());
      return merge(copies.map((s, k) => s.pipeThrough(mapper(branch(k))))).pipeTo(sink(tally));
    },
    join: (n, tally) =>
      zipWith(
        generate(n, (i) => i),
        generate(n, (i) => rightOf(n, i)),
        times,
      ).pipeTo(sink(tally)),
    async: (n, tally) =>
      generate(n, (i) => i)
        .pipeThrough(mapAsync(doubleAsync, CONCURRENCY))
        .pipeTo(sink(tally)),
    memory(n, tally) {
      let seen = 0;
      const slow = new WritableStream<Record1K>(
        {
          write(record) {
            tally.add(record.id);
            if (++seen % SLOW_EVERY === 0) return macrotask();
          },
        },
        strategy(),
      );
      return generate(n, makeRecord).pipeTo(slow);
    },
  },
};

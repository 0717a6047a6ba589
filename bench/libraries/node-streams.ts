/** Node.js object-mode streams joined by `stream.pipeline`, high-water mark = CAPACITY. */
import { PassThrough, Readable, Transform, Writable } from 'stream';
import { pipeline } from 'stream/promises';
import type { Tally } from '../harness';
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

const objectMode = { objectMode: true, highWaterMark: CAPACITY } as const;

function generate<T>(n: number, make: (i: number) => T): Readable {
  let i = 0;
  return new Readable({
    ...objectMode,
    read() {
      while (i < n) if (!this.push(make(i++))) return;
      this.push(null);
    },
  });
}

function mapper<A, B>(fn: (a: A) => B): Transform {
  return new Transform({
    ...objectMode,
    transform(chunk: A, _enc, callback) {
      callback(null, fn(chunk));
    },
  });
}

function filterer<T>(pred: (a: T) => boolean): Transform {
  return new Transform({
    ...objectMode,
    transform(chunk: T, _enc, callback) {
      callback(null, pred(chunk) ? chunk : undefined);
    },
  });
}

/** A sink that takes buffered writes in batches (`writev`). */
function sink(tally: Tally): Writable {
  return new Writable({
    ...objectMode,
    write(chunk: number, _enc, callback) {
      tally.add(chunk);
      callback();
    },
    writev(chunks, callback) {
      for (let i = 0; i < chunks.length; i++) tally.add(chunks[i].chunk as number);
      callback();
    },
  });
}

/** Pairs the items of two readables, pulling each with `read()`. */
function zipWith<A, B, C>(left: Readable, right: Readable, fn: (a: A, b: B) => C): Readable {
  let a: A | null = null;
  let b: B | null = null;
  let ended = 0;
  let wanted = false;
  const out = new Readable({
    ...objectMode,
    read() {
      wanted = true;
      pump();
    },
  });
  const pump = () => {
    while (wanted) {
      if (a === null && (a = left.read()) === null) return;
      if (b === null && (b = right.read()) === null) return;
      const more = out.push(fn(a, b));
      a = b = null;
      wanted = more;
    }
  };
  const end = () => {
    if (++ended === 2) out.push(null);
  };
  for (const side of [left, right]) side.on('readable', pump).on('end', end);
  return out;
}

export const nodeStreams: Library = {
  name: 'node streams',
  idiom: `object mode, highWaterMark ${CAPACITY}, stream.pipeline; Writable with writev; pipe() to several for fan-out, a PassThrough for fan-in; read()-based zip; Readable.map(fn, { concurrency })`,
  scenarios: {
    linear: (n, tally) =>
      pipeline(
        generate(n, (i) => i),
        mapper(double),
        filterer(keep),
        sink(tally),
      ),
    'fan-out/fan-in'(n, tally) {
      const source = generate(n, (i) => i);
      const merged = new PassThrough(objectMode);
      let open = BRANCHES;
      const branches: Promise<void>[] = [];
      for (let k = 0; k < BRANCHES; k++) {
        const map = mapper(branch(k));
        map.on('end', () => {
          if (--open === 0) merged.end();
        });
        source.pipe(map).pipe(merged, { end: false });
        branches.push(new Promise((resolve, reject) => map.on('end', resolve).on('error', reject)));
      }
      return Promise.all([pipeline(merged, sink(tally)), ...branches]).then(() => undefined);
    },
    join: (n, tally) =>
      pipeline(
        zipWith(
          generate(n, (i) => i),
          generate(n, (i) => rightOf(n, i)),
          times,
        ),
        sink(tally),
      ),
    async: (n, tally) => pipeline(generate(n, (i) => i).map(doubleAsync, { concurrency: CONCURRENCY }), sink(tally)),
    memory(n, tally) {
      let seen = 0;
      const slow = new Writable({
        ...objectMode,
        write(record: Record1K, _enc, callback) {
          tally.add(record.id);
          if (++seen % SLOW_EVERY === 0) setImmediate(callback);
          else callback();
        },
      });
      return pipeline(generate(n, makeRecord), slow);
    },
  },
};

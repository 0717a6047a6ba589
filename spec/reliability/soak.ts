/**
 * Soak: 10 000 000 items through a linear workflow (source, map, filter,
 * counting sink). The heap after GC at the end must be within 5 MB of the heap
 * after GC once the first 1 000 000 items have arrived: nothing accumulates
 * per item. Run with `npm run test:soak` (needs node --expose-gc).
 */
import { Stream, Workflow, fromIterable, type Inputs, type Outputs } from '../../src/index';

const ITEMS = 10_000_000;
const MARK = 1_000_000;
const LIMIT = 5 * 1024 * 1024;

function* naturals(n: number): Generator<number> {
  for (let i = 0; i < n; i++) yield i;
}

/** A one-in, one-out stream: `f` per item, pushing only while there is room. */
function map(name: string, f: (v: number) => number | undefined): Stream<{ in: number }, { out: number }> {
  return new Stream<{ in: number }, { out: number }>({
    name,
    ins: ['in'],
    outs: ['out'],
    fn: (ins: Inputs<{ in: number }>, outs: Outputs<{ out: number }>) => {
      const input = ins.in;
      const out = outs.out;
      while (input.size > 0 && !out.full) {
        const v = f(input.pop());
        if (v !== undefined) out.push(v);
      }
      return input.size > 0;
    },
  });
}

async function main(): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error('run with node --expose-gc (npm run test:soak)');
  let received = 0;
  let sum = 0;
  let heapAtMark = 0;
  const sink = new Stream<{ in: number }, {}>({
    name: 'count',
    ins: ['in'],
    fn: (ins) => {
      const input = ins.in;
      while (input.size > 0) {
        sum += input.pop();
        if (++received === MARK) {
          gc();
          heapAtMark = process.memoryUsage().heapUsed;
        }
      }
    },
  });
  const wf = new Workflow({ capacity: 64, strict: true });
  const steps = [
    wf.addStream(fromIterable(naturals(ITEMS), { name: 'naturals' })),
    wf.addStream(map('double', (v) => v * 2)),
    wf.addStream(map('keep', (v) => v)),
    wf.addStream(sink),
  ];
  for (let i = 1; i < steps.length; i++) steps[i - 1].pipe(steps[i]);
  const start = Date.now();
  await wf.run();
  const seconds = (Date.now() - start) / 1000;
  gc();
  const heapAtEnd = process.memoryUsage().heapUsed;
  const growth = heapAtEnd - heapAtMark;
  const peaks = steps.slice(1).map((s) => s.inputs[0].conn.peak);
  const mb = (n: number) => (n / 1024 / 1024).toFixed(2);
  console.log(
    `soak: ${received} items in ${seconds.toFixed(1)} s (${Math.round(received / seconds)} items/s); ` +
      `heap after ${MARK}: ${mb(heapAtMark)} MB, at end: ${mb(heapAtEnd)} MB, growth ${mb(growth)} MB (limit ${mb(LIMIT)} MB); ` +
      `buffer peaks ${peaks.join('/')} of 64`,
  );
  const expectedSum = ITEMS * (ITEMS - 1);
  const failures: string[] = [];
  if (received !== ITEMS) failures.push(`received ${received} items, expected ${ITEMS}`);
  if (sum !== expectedSum) failures.push(`sum ${sum}, expected ${expectedSum}`);
  if (growth > LIMIT) failures.push(`heap grew by ${mb(growth)} MB between item ${MARK} and the end`);
  if (peaks.some((p) => p > 64)) failures.push(`a buffer exceeded its capacity: peaks ${peaks.join('/')}`);
  if (failures.length > 0) {
    console.log(`soak FAILED: ${failures.join('; ')}`);
    process.exitCode = 1;
  } else {
    console.log('soak passed');
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});

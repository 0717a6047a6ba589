/**
 * Fan-in under strict mode: synchronous and asynchronous producers piped into
 * one input share its buffer, and none of them may ever push into it while it
 * is full. An async producer looks at `full` after its await, and the loop
 * never runs underneath a stream's own call (a pop that frees room only marks
 * the producers ready), so a look followed by a push always holds.
 */
import * as fc from 'fast-check';
import { Stream, Workflow, forEach, fromAsyncIterable, range, type Step } from '../../src/index';
import { PROPERTY_TIMEOUT, assertProperty, within } from './support/property';

/** An async source of `items`, awaiting a macrotask or a microtask before each. */
async function* slowly(items: readonly number[], macrotask: boolean): AsyncGenerator<number> {
  for (const item of items) {
    await (macrotask ? new Promise<void>((resolve) => setImmediate(resolve)) : Promise.resolve());
    yield item;
  }
}

/** A sink that takes one item per macrotask and keeps what it takes. */
function slowSink(taken: number[]): Stream<{ in: number }, {}> {
  return forEach(
    (x: number) =>
      new Promise<void>((resolve) =>
        setImmediate(() => {
          taken.push(x);
          resolve();
        }),
      ),
    { name: 'slow' },
  );
}

/**
 * The idiom `while (!out.full && in.size > 0) out.push(in.pop())` run after an
 * await: it looks at `full`, then pops (which frees room upstream), then pushes.
 */
function eagerRelay(name: string): Stream<{ in: number }, { out: number }> {
  return new Stream<{ in: number }, { out: number }>({
    name,
    ins: ['in'],
    outs: ['out'],
    fn: async (ins, outs) => {
      await Promise.resolve();
      while (!outs.out.full && ins.in.size > 0) outs.out.push(ins.in.pop());
      return ins.in.size > 0;
    },
  });
}

function peakOf(step: Step<any, any>): { peak: number; capacity: number } {
  const conn = step.inputPort('in').conn;
  return { peak: conn.peak, capacity: conn.capacity };
}

describe('reliability: fan-in under strict mode', () => {
  it('an async-iterable source and a range into one slow sink never overfill it', async () => {
    const wf = new Workflow({ capacity: 2, strict: true });
    const taken: number[] = [];
    const sink = wf.addStream(slowSink(taken));
    wf.addStream(asyncTwenty()).pipe(sink);
    wf.addStream(range(1000, 20)).pipe(sink);
    await wf.run();
    expect(taken.filter((x) => x < 1000)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(taken.filter((x) => x >= 1000)).toEqual(Array.from({ length: 20 }, (_, i) => 1000 + i));
    expect(peakOf(sink)).toEqual({ peak: 2, capacity: 2 });
  });

  it('a stream that looks at full, then pops, then pushes never overfills a connection it shares', async () => {
    const wf = new Workflow({ capacity: 2, strict: true });
    const taken: number[] = [];
    const sink = wf.addStream(slowSink(taken));
    wf.addStream(range(0, 30))
      .pipe(wf.addStream(eagerRelay('relay')))
      .pipe(sink);
    wf.addStream(range(1000, 30)).pipe(sink);
    await wf.run();
    expect(taken.filter((x) => x < 1000)).toEqual(Array.from({ length: 30 }, (_, i) => i));
    expect(taken.filter((x) => x >= 1000)).toEqual(Array.from({ length: 30 }, (_, i) => 1000 + i));
    expect(peakOf(sink)).toEqual({ peak: 2, capacity: 2 });
  });

  it(
    'random fan-in of sync and async producers, direct or through eager relays, completes in order per producer within capacity',
    async () => {
      const producer = fc.record({
        kind: fc.constantFrom('range' as const, 'async-micro' as const, 'async-macro' as const),
        count: fc.integer({ min: 0, max: 25 }),
        relay: fc.boolean(),
        relayCapacity: fc.integer({ min: 1, max: 4 }),
      });
      const arb = fc.record({
        producers: fc.array(producer, { minLength: 2, maxLength: 5 }),
        capacity: fc.integer({ min: 1, max: 4 }),
        slow: fc.boolean(),
      });
      await assertProperty(
        'strict-fan-in',
        arb,
        async ({ producers, capacity, slow }) => {
          const wf = new Workflow({ capacity, strict: true });
          const taken: number[] = [];
          const sink = wf.addStream(
            slow
              ? slowSink(taken)
              : new Stream<{ in: number }, {}>({
                  name: 'sink',
                  ins: ['in'],
                  fn: (ins) => {
                    while (ins.in.size > 0) taken.push(ins.in.pop());
                  },
                }),
          );
          producers.forEach((p, k) => {
            const items = Array.from({ length: p.count }, (_, i) => k * 1000 + i);
            const source =
              p.kind === 'range'
                ? wf.addStream(range(k * 1000, p.count, 1, { name: `p${k}` }))
                : wf.addStream(fromAsyncIterable(slowly(items, p.kind === 'async-macro'), { name: `p${k}` }));
            const last = p.relay
              ? source.pipe(wf.addStream(eagerRelay(`relay${k}`)), { capacity: p.relayCapacity })
              : source;
            last.pipe(sink);
          });
          await within(wf.run(), 10_000, 'the fan-in run');
          const problems: string[] = [];
          producers.forEach((p, k) => {
            const got = taken.filter((x) => Math.floor(x / 1000) === k);
            const want = Array.from({ length: p.count }, (_, i) => k * 1000 + i);
            if (got.join() !== want.join()) problems.push(`producer ${k}: got [${got}], want [${want}]`);
          });
          for (const step of wf.steps)
            for (const input of step.inputs)
              if (input.conn.peak > input.conn.capacity)
                problems.push(`${input.conn.label}: peak ${input.conn.peak} over capacity ${input.conn.capacity}`);
          if (problems.length > 0) throw new Error(problems.join('\n'));
        },
        150,
      );
    },
    PROPERTY_TIMEOUT,
  );
});

function asyncTwenty(): Stream<{}, { out: number }> {
  return fromAsyncIterable(
    slowly(
      Array.from({ length: 20 }, (_, i) => i),
      true,
    ),
    { name: 'async' },
  );
}

import { Stream, StreamError, Workflow, collect, fromAsyncIterable, WiringError } from '../../src/index';

async function* letters(n: number, log: string[] = []) {
  try {
    for (let i = 0; i < n; i++) {
      log.push(`pull ${i}`);
      yield String.fromCharCode(97 + i);
    }
  } finally {
    log.push('return');
  }
}

describe('fromAsyncIterable', () => {
  async function run(iterable: AsyncIterable<string>, capacity = 2) {
    const wf = new Workflow({ capacity });
    const sink = collect<string>();
    wf.addStream(fromAsyncIterable(iterable, { name: 'letters' })).pipe(wf.addStream(sink));
    await wf.run();
    return sink.items;
  }

  it('empty: completes with nothing', async () => {
    expect(await run(letters(0))).toEqual([]);
  });

  it('one and many, in order', async () => {
    expect(await run(letters(1))).toEqual(['a']);
    expect(await run(letters(5))).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('fails with the iterator error, naming the stream', async () => {
    async function* broken() {
      yield 'a';
      throw new Error('boom');
    }
    const err = await run(broken()).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toEqual(jasmine.any(StreamError));
    expect((err as StreamError).message).toBe('stream "letters" failed: boom');
  });

  it('pulls an endless iterator only while there is room, and returns it when cancelled', async () => {
    const log: string[] = [];
    const wf = new Workflow({ capacity: 3 });
    const src = wf.addStream(fromAsyncIterable(letters(Infinity, log)));
    const taken: string[] = [];
    const takeFour = wf.addStream(
      new Stream<{ in: string }, {}>({
        ins: ['in'],
        fn: (ins) => {
          while (ins.in.size > 0) taken.push(ins.in.pop());
          // Cancelling does not wake the stream itself: ask to run again, and finish then.
          if (taken.length >= 4 && !ins.in.closed) {
            ins.in.cancel();
            return true;
          }
        },
      }),
    );
    src.pipe(takeFour);
    await wf.run();
    expect(taken.slice(0, 4)).toEqual(['a', 'b', 'c', 'd']);
    expect(log[log.length - 1]).toBe('return');
    // Never more than a connection's worth ahead of the consumer, plus the one in flight.
    expect(log.filter((l) => l.startsWith('pull')).length).toBeLessThanOrEqual(taken.length + 3 + 1);
    expect(src.outputPort('out').conns[0].peak).toBeLessThanOrEqual(3);
  });

  it('rejects what is not an AsyncIterable', () => {
    expect(() => fromAsyncIterable([1] as never)).toThrowError(
      WiringError,
      /expected an AsyncIterable; got an array of 1/,
    );
  });
});

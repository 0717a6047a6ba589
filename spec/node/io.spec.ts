/**
 * Node I/O: writeTo respects write() → false and 'drain', ends the Writable
 * and waits for 'finish', fails on 'error'; fromReadable pulls with read()
 * within the Readable's highWaterMark and destroys it when cancelled;
 * toAsyncIterable hands a port's items to `for await`, one per next(), with
 * the connection as the only buffer.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Readable, Writable } from 'stream';
import { StreamError, WiringError, Workflow, collect, fromIterable, map, range, take } from '../../src/index';
import { fromReadable, toAsyncIterable, writeTo } from '../../src/node';
import { macrotask } from '../stages/support';

/** A Writable of objects that takes each write after `slow` macrotasks, recording its buffer's peak and the calls. */
function recordingWritable(options: { highWaterMark: number; slow?: number; failAt?: number }) {
  const written: unknown[] = [];
  const log: string[] = [];
  let peak = 0;
  const writable = new Writable({
    objectMode: true,
    highWaterMark: options.highWaterMark,
    write(chunk: unknown, _enc, callback) {
      void (async () => {
        for (let i = 0; i < (options.slow ?? 1); i++) await macrotask();
        if (options.failAt !== undefined && written.length === options.failAt) {
          callback(new Error(`disk full at ${written.length}`));
          return;
        }
        written.push(chunk);
        callback();
      })();
    },
    final(callback) {
      log.push('final');
      setImmediate(callback);
    },
  });
  const write = writable.write.bind(writable);
  let falses = 0;
  writable.write = ((chunk: unknown) => {
    const ok = write(chunk);
    peak = Math.max(peak, writable.writableLength);
    if (!ok) falses++;
    return ok;
  }) as typeof writable.write;
  writable.on('drain', () => log.push('drain'));
  writable.on('finish', () => log.push('finish'));
  return { writable, written, log, peak: () => peak, falses: () => falses };
}

describe('node: writeTo', () => {
  it('writes every item, waits for drain when write() returns false, ends and waits for finish', async () => {
    const w = recordingWritable({ highWaterMark: 4, slow: 2 });
    const wf = new Workflow({ capacity: 8, strict: true });
    wf.addStream(range(0, 200)).pipe(wf.addStream(writeTo<number>(w.writable)));
    let ended = false;
    const run = wf.run().then(() => (ended = w.log.includes('finish')));
    await run;
    expect(ended).toBe(true);
    expect(w.written).toEqual(Array.from({ length: 200 }, (_, i) => i));
    // One write past the highWaterMark is the most it ever buffered: after a false, nothing more until 'drain'.
    expect(w.peak()).toBe(4);
    expect(w.falses()).toBeGreaterThan(10);
    expect(w.log.filter((e) => e === 'drain').length).toBe(w.falses());
    expect(w.log.slice(-2)).toEqual(['final', 'finish']);
  });

  it('fails the run when the Writable errors, naming the stream, with the error as the cause', async () => {
    const w = recordingWritable({ highWaterMark: 2, failAt: 5 });
    const wf = new Workflow({ capacity: 4 });
    wf.addStream(range(0, 100)).pipe(wf.addStream(writeTo<number>(w.writable, { name: 'disk' })));
    const error = await wf.run().then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(StreamError);
    expect((error as StreamError).message).toBe('stream "disk" failed: disk full at 5');
    expect(w.written).toEqual([0, 1, 2, 3, 4]);
  });

  it('fails when the Writable is destroyed by someone else before it finished', async () => {
    const w = recordingWritable({ highWaterMark: 2, slow: 3 });
    const wf = new Workflow({ capacity: 4 });
    wf.addStream(range(0, 100)).pipe(wf.addStream(writeTo<number>(w.writable)));
    const run = wf.run();
    await macrotask();
    w.writable.destroy();
    await expectAsync(run).toBeRejectedWithError(
      StreamError,
      'stream "writeTo" failed: writeTo: the Writable closed before it finished (destroyed by someone else?).',
    );
  });

  it('with end: false leaves the Writable open; an aborted run destroys it otherwise', async () => {
    const open = recordingWritable({ highWaterMark: 4 });
    const wf = new Workflow();
    wf.addStream(fromIterable(['a', 'b'])).pipe(wf.addStream(writeTo<string>(open.writable, { end: false })));
    await wf.run();
    // Like readable.pipe(w, { end: false }): the items were written, their flushing is the Writable's.
    while (open.writable.writableLength > 0) await macrotask();
    expect(open.written).toEqual(['a', 'b']);
    expect(open.writable.writableEnded).toBe(false);

    const aborted = recordingWritable({ highWaterMark: 1, slow: 50 });
    const wf2 = new Workflow();
    wf2.addStream(range(0, 1000)).pipe(wf2.addStream(writeTo<number>(aborted.writable)));
    const controller = new AbortController();
    const run = wf2.run({ signal: controller.signal });
    await macrotask();
    controller.abort();
    await expectAsync(run).toBeRejected();
    expect(aborted.writable.destroyed).toBe(true);
  });

  it('writes a file line by line', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rx-mimo-'));
    const file = path.join(dir, 'out.txt');
    const wf = new Workflow();
    wf.addStream(range(1, 5))
      .pipe(wf.addStream(map((n: number) => `line ${n}\n`)))
      .pipe(wf.addStream(writeTo(fs.createWriteStream(file))));
    await wf.run();
    expect(fs.readFileSync(file, 'utf8')).toBe('line 1\nline 2\nline 3\nline 4\nline 5\n');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('rejects bad arguments', () => {
    expect(() => writeTo({} as never)).toThrowMatching(
      (e) => e instanceof WiringError && /^writeTo\(writable\): expected a Node Writable/.test(e.message),
    );
    expect(() => writeTo(new Writable(), { ned: false } as never)).toThrowError(
      WiringError,
      'writeTo(writable, options): unknown option "ned"; did you mean "end"? The options are: name, end.',
    );
  });
});

describe('node: fromReadable', () => {
  /** A Readable of objects 0 … n-1, counting how many were asked of it (it reads ahead up to highWaterMark). */
  function counted(n: number, highWaterMark: number) {
    let produced = 0;
    const readable = new Readable({
      objectMode: true,
      highWaterMark,
      read() {
        if (produced < n) this.push(produced++);
        else this.push(null);
      },
    });
    return { readable, produced: () => produced };
  }

  it('emits every chunk and completes at the end', async () => {
    const { readable } = counted(50, 4);
    const wf = new Workflow({ capacity: 3, strict: true });
    const sink = collect<number>();
    wf.addStream(fromReadable<number>(readable)).pipe(wf.addStream(sink));
    await wf.run();
    expect(sink.items).toEqual(Array.from({ length: 50 }, (_, i) => i));
  });

  it('reads no more than its highWaterMark ahead of a stalled consumer, and is destroyed when cancelled', async () => {
    const { readable, produced } = counted(Infinity, 4);
    const wf = new Workflow({ capacity: 3 });
    const sink = collect<number>();
    wf.addStream(fromReadable<number>(readable))
      .pipe(wf.addStream(take<number>(10)))
      .pipe(wf.addStream(sink));
    await wf.run();
    expect(sink.items).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(readable.destroyed).toBe(true);
    // take's ten, its connection's three, and the Readable's buffer of four, at most one more in flight.
    expect(produced()).toBeLessThanOrEqual(10 + 3 + 4 + 1);
  });

  it('holds at most its highWaterMark plus the connection while the consumer waits', async () => {
    const { readable, produced } = counted(Infinity, 4);
    const wf = new Workflow({ capacity: 3 });
    const items = toAsyncIterable(wf.addStream(fromReadable<number>(readable)).output('out'));
    const run = wf.run();
    const it = items[Symbol.asyncIterator]();
    expect((await it.next()).value).toBe(0);
    for (let i = 0; i < 20; i++) await macrotask();
    expect(produced()).toBeLessThanOrEqual(1 + 3 + 4 + 1);
    await it.return!();
    await run;
    expect(readable.destroyed).toBe(true);
  });

  it('fails when the Readable errors, naming the stream; reads a file in chunks', async () => {
    const broken = new Readable({
      read() {
        this.destroy(new Error('read failed'));
      },
    });
    const wf = new Workflow();
    wf.addStream(fromReadable(broken, { name: 'file' })).pipe(wf.addStream(collect()));
    await expectAsync(wf.run()).toBeRejectedWithError(StreamError, 'stream "file" failed: read failed');

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rx-mimo-'));
    const file = path.join(dir, 'in.txt');
    fs.writeFileSync(file, 'x'.repeat(100_000));
    const wf2 = new Workflow();
    const sink = collect<Buffer>();
    wf2.addStream(fromReadable<Buffer>(fs.createReadStream(file, { highWaterMark: 16_384 }))).pipe(wf2.addStream(sink));
    await wf2.run();
    expect(Buffer.concat(sink.items).toString()).toBe('x'.repeat(100_000));
    expect(Math.max(...sink.items.map((b) => b.length))).toBeLessThanOrEqual(16_384 * 2);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('rejects what is not a Readable', () => {
    expect(() => fromReadable([1, 2] as never)).toThrowMatching(
      (e) => e instanceof WiringError && /^fromReadable\(readable\): expected a Node Readable/.test(e.message),
    );
  });
});

describe('toAsyncIterable', () => {
  it('gives every item to for await and ends when the port closes', async () => {
    const wf = new Workflow({ capacity: 2 });
    const doubled = wf.addStream(range(1, 5)).pipe(wf.addStream(map((n: number) => n * 2)));
    const items = toAsyncIterable(doubled.output('out'));
    const run = wf.run();
    const got: number[] = [];
    for await (const n of items) got.push(n);
    await run;
    expect(got).toEqual([2, 4, 6, 8, 10]);
  });

  it('back-pressures through the iterator: upstream waits while the consumer does', async () => {
    const wf = new Workflow({ capacity: 2 });
    let pulled = 0;
    function* endless() {
      for (;;) yield pulled++;
    }
    const items = toAsyncIterable(wf.addStream(fromIterable(endless())).output('out'));
    const run = wf.run();
    const got: number[] = [];
    for await (const n of items) {
      got.push(n);
      for (let i = 0; i < 5; i++) await macrotask();
      // What was pulled is what was taken plus at most the connection's two.
      expect(pulled - got.length).toBeLessThanOrEqual(2);
      if (got.length === 5) break;
    }
    await run;
    expect(got).toEqual([0, 1, 2, 3, 4]);
  });

  it("throws the run's error as the stream threw it (as output$ does), and rejects a second iterator", async () => {
    const wf = new Workflow();
    const boom = new Error('boom');
    const failing = wf.addStream(fromIterable([1, 2, 3])).pipe(
      wf.addStream(
        map((n: number) => {
          if (n === 3) throw boom;
          return n;
        }),
      ),
    );
    const items = toAsyncIterable(failing.output('out'));
    const run = wf.run().catch((e: unknown) => e);
    const got: number[] = [];
    let thrown: unknown;
    try {
      for await (const n of items) got.push(n);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBe(boom);
    expect(got).toEqual([1, 2].slice(0, got.length));
    const error = await run;
    expect(error).toBeInstanceOf(StreamError);
    expect((error as StreamError).cause).toBe(boom);
    expect(() => items[Symbol.asyncIterator]()).toThrowError(WiringError, /gives one iterator/);
  });
});

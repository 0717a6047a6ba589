import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { Stream, StreamError, Workflow, collect } from '../../src/index';
import { readLines } from '../../src/node/index';

describe('readLines', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'rx-mimo-lines-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function file(text: string): string {
    const path = join(dir, 'in.txt');
    writeFileSync(path, text);
    return path;
  }

  it('emits every line without its line ending', async () => {
    const workflow = new Workflow();
    const sink = collect<string>();
    workflow.addStream(readLines(file('a\r\nb\n\nc'))).pipe(workflow.addStream(sink));
    await workflow.run();
    expect(sink.items).toEqual(['a', 'b', '', 'c']);
  });

  it('emits nothing for an empty file', async () => {
    const workflow = new Workflow();
    const sink = collect<string>();
    workflow.addStream(readLines(file(''))).pipe(workflow.addStream(sink));
    await workflow.run();
    expect(sink.items).toEqual([]);
  });

  it('never buffers more lines than the capacity in front of a slow consumer', async () => {
    const n = 5000;
    const path = file(Array.from({ length: n }, (_, i) => `line ${i}`).join('\n'));
    const workflow = new Workflow({ capacity: 8 });
    let seen = 0;
    let last = '';
    const slow = new Stream<{ in: string }, {}>({
      name: 'slow',
      ins: ['in'],
      fn: async (ins) => {
        if (ins.in.size === 0) return;
        last = ins.in.pop();
        seen++;
        await new Promise<void>((resolve) => setImmediate(resolve));
        return ins.in.size > 0;
      },
    });
    const step = workflow.addStream(slow);
    workflow.addStream(readLines(path)).pipe(step);
    await workflow.run();
    expect([seen, last]).toEqual([n, `line ${n - 1}`]);
    expect(step.inputPort('in').conn.peak).toBe(8);
  });

  it('stops reading when its consumer cancels', async () => {
    const path = file(Array.from({ length: 1000 }, (_, i) => `${i}`).join('\n'));
    const workflow = new Workflow({ capacity: 4 });
    const firstThree = new Stream<{ in: string }, { out: string }>({
      name: 'firstThree',
      ins: ['in'],
      outs: ['out'],
      state: { taken: 0 },
      fn: (ins, outs, state) => {
        while (ins.in.size > 0 && state.taken < 3) {
          outs.out.push(ins.in.pop());
          state.taken++;
        }
        if (state.taken === 3) outs.out.close();
      },
    });
    const sink = collect<string>();
    const source = workflow.addStream(readLines(path));
    source.pipe(workflow.addStream(firstThree)).pipe(workflow.addStream(sink));
    await workflow.run();
    expect(sink.items).toEqual(['0', '1', '2']);
    expect(source.outputPort('out').conns[0].received).toBeLessThan(1000);
  });

  it('fails the run, naming the stream, when the file cannot be opened', async () => {
    const workflow = new Workflow();
    workflow.addStream(readLines(join(dir, 'missing.txt'), { name: 'logs' })).pipe(workflow.addStream(collect()));
    const err: unknown = await workflow.run().then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(StreamError);
    expect((err as StreamError).stream).toBe('logs');
    expect(((err as StreamError).cause as NodeJS.ErrnoException).code).toBe('ENOENT');
  });

  it('rejects a path that is not a string', () => {
    expect(() => readLines(42 as unknown as string)).toThrowError(/readLines\(path\): expected a file path; got 42/);
  });
});

import { Stream, Workflow, collect, fromIterable, type Inputs, type Outputs } from '../../src/index';

/** Doubles each item after a promise it keeps outside run(), so that several are in flight. */
class Later extends Stream<{ in: number }, { out: number }> {
  readonly done: number[] = [];
  inFlight = 0;
  peak = 0;
  private readonly waiting: (() => void)[] = [];
  constructor() {
    super({ name: 'later', ins: ['in'], outs: ['out'] });
  }
  override run(ins: Inputs<{ in: number }>, outs: Outputs<{ out: number }>): void {
    while (this.done.length > 0 && !outs.out.full) outs.out.push(this.done.shift()!);
    while (ins.in.size > 0 && this.inFlight < 3) {
      const item = ins.in.pop();
      this.inFlight++;
      this.peak = Math.max(this.peak, this.inFlight);
      this.context!.hold();
      new Promise<void>((resolve) => this.waiting.push(resolve)).then(() => {
        this.inFlight--;
        if (item === 99) this.context!.fail(new Error('no 99'));
        this.done.push(item * 2);
        this.context!.release();
      });
    }
    // Settle everything started in this run a macrotask later.
    const resolvers = this.waiting.splice(0);
    if (resolvers.length > 0) setImmediate(() => resolvers.forEach((r) => r()));
  }
}

describe('Stream context (work held outside run)', () => {
  it('keeps the run alive and the stream unfinished until every hold is released', async () => {
    const wf = new Workflow({ capacity: 2, strict: true });
    const later = new Later();
    const sink = collect<number>();
    wf.addStream(fromIterable([1, 2, 3, 4, 5, 6, 7]))
      .pipe(wf.addStream(later))
      .pipe(wf.addStream(sink));
    await wf.run();
    expect(sink.items).toEqual([2, 4, 6, 8, 10, 12, 14]);
    expect(later.peak).toBe(3);
  });

  it('fails the workflow naming the stream', async () => {
    const wf = new Workflow();
    wf.addStream(fromIterable([1, 99, 3]))
      .pipe(wf.addStream(new Later()))
      .pipe(wf.addStream(collect()));
    await expectAsync(wf.run()).toBeRejectedWithError(/stream "later" failed: no 99/);
  });
});

describe('Stream sync option', () => {
  it('synchronises the named inputs when the stream is added', async () => {
    const wf = new Workflow({ capacity: 2 });
    const pairs = wf.addStream(
      new Stream<{ a: number; b: string }, { out: string }>({
        ins: ['a', 'b'],
        outs: ['out'],
        sync: [['a', 'b']],
        fn: (ins, outs) => {
          while (ins.a.size > 0 && !outs.out.full) outs.out.push(`${ins.a.pop()}${ins.b.pop()}`);
        },
      }),
    );
    wf.addStream(fromIterable([1, 2, 3]))
      .output('out')
      .pipe(pairs.input('a'));
    wf.addStream(fromIterable(['x', 'y']))
      .output('out')
      .pipe(pairs.input('b'));
    const sink = collect<string>();
    pairs.pipe(wf.addStream(sink));
    await wf.run();
    expect(sink.items).toEqual(['1x', '2y']);
    expect(pairs.groups.map((g) => g.map((p) => p.name))).toEqual([['a', 'b']]);
  });

  it('rejects a group naming an unknown input, naming the stream', () => {
    const wf = new Workflow();
    const s = new Stream<{ a: number }, {}>({
      name: 'pair',
      ins: ['a'],
      sync: [['a', 'zz' as 'a']],
    });
    expect(() => wf.addStream(s)).toThrowError(/stream "pair" has no input port "zz"/);
  });
});

describe('Stream decoupled option', () => {
  /** Takes every item into its own list at once; pushes from the list when there is room. */
  const holder = (decoupled: boolean) => {
    const held: number[] = [];
    const stream = new Stream<{ in: number }, { out: number }>({
      ins: ['in'],
      outs: ['out'],
      decoupled,
      fn: (ins, outs) => {
        while (ins.in.size > 0) held.push(ins.in.pop());
        while (held.length > 0 && !outs.out.full) outs.out.push(held.shift()!);
        return held.length > 0;
      },
    });
    return { stream, held };
  };

  for (const decoupled of [false, true]) {
    it(`${decoupled ? 'runs' : 'does not run'} a stream on new input while its outputs are full when decoupled is ${decoupled}`, async () => {
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      const wf = new Workflow({ capacity: 1, strict: true });
      const h = holder(decoupled);
      const seen: number[] = [];
      const held = wf.addStream(h.stream);
      const sink = wf.addStream(
        new Stream<{ in: number }, {}>({
          ins: ['in'],
          name: 'sink',
          fn: async (ins) => {
            if (ins.in.size === 0) return false;
            seen.push(ins.in.pop());
            if (seen.length === 1) await gate;
            return ins.in.size > 0;
          },
        }),
      );
      wf.addStream(fromIterable([1, 2, 3, 4, 5]))
        .pipe(held)
        .pipe(sink);
      const run = wf.run();
      const sinkIn = sink.inputs[0].conn;
      const holderIn = held.inputs[0].conn;
      const settled = () =>
        decoupled ? h.held.length === 3 : seen.length === 1 && sinkIn.size === 1 && holderIn.size === 1;
      for (let i = 0; i < 2000 && !settled(); i++) await new Promise((resolve) => setImmediate(resolve));
      for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
      expect(h.stream.decoupled).toBe(decoupled);
      // 1 is in the sink, 2 in its connection; a decoupled stream took 3, 4 and 5 as well.
      expect(h.held).toEqual(decoupled ? [3, 4, 5] : []);
      release();
      await run;
      expect(seen).toEqual([1, 2, 3, 4, 5]);
    });
  }
});

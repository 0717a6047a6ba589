import { AbortError, DeadlockError, Stream, StreamError, Workflow } from '../../src/index';
import { expectBounded, map, sink, slowSink, source, upTo } from '../support/streams';

describe('engine', () => {
  describe('rule 1: bounded FIFO connections', () => {
    it('delivers in order and never exceeds capacity', async () => {
      const wf = new Workflow({ capacity: 3, strict: true });
      const out = sink<number>();
      wf.addStream(source(upTo(1000)))
        .pipe(wf.addStream(map((x: number) => x + 1)))
        .pipe(wf.addStream(out));
      await wf.run();
      expect(out.items).toEqual(upTo(1000).map((x) => x + 1));
      expectBounded(wf);
    });

    it('broadcasts an output piped to several inputs; the slowest consumer governs', async () => {
      const wf = new Workflow({ capacity: 2, strict: true });
      const pushes: boolean[] = [];
      const src = wf.addStream(
        new Stream<{}, { out: number }>({
          outs: ['out'],
          state: { i: 0 },
          fn: (_ins, outs, s) => {
            while (s.i < 6) {
              const room = outs.out.push(s.i++);
              pushes.push(room);
              if (!room) return true;
            }
          },
        }),
      );
      const fast = sink<number>('fast');
      const slow = slowSink<number>('slow');
      src.pipe(wf.addStream(fast));
      src.pipe(wf.addStream(slow));
      await wf.run();
      expect(fast.items).toEqual(upTo(6));
      expect(slow.items).toEqual(upTo(6));
      // The fast sink drains at once, but the slow one takes an item at a time: once it has
      // filled, every push fills it again.
      expect(pushes).toEqual([true, false, false, false, false, false]);
      expectBounded(wf);
    });

    it('merges several outputs into one input in push order and closes when all have closed', async () => {
      const wf = new Workflow({ capacity: 8 });
      const log: string[] = [];
      const out = sink<string>();
      const a = wf.addStream(source(['a1', 'a2', 'a3'], 'a'));
      const b = wf.addStream(source(['b1', 'b2'], 'b'));
      const merged = wf.addStream(
        new Stream<{ in: string }, { out: string }>({
          ins: ['in'],
          outs: ['out'],
          fn: (ins, outs) => {
            while (ins.in.size > 0) outs.out.push(ins.in.pop());
            log.push(`closed=${ins.in.closed}`);
          },
        }),
      );
      a.pipe(merged);
      b.pipe(merged);
      merged.pipe(wf.addStream(out));
      await wf.run();
      // Downstream-first order runs b after a within a pass: a's three items, then b's two.
      expect(out.items).toEqual(['a1', 'a2', 'a3', 'b1', 'b2']);
      expect(log[log.length - 1]).toBe('closed=true');
      expect(log.filter((l) => l === 'closed=true').length).toBe(1);
    });
  });

  describe('rule 2: pull-based', () => {
    it('pulls a source only as fast as a slow consumer drains', async () => {
      const wf = new Workflow({ capacity: 4, strict: true });
      const src = source(upTo(50));
      const ahead: number[] = [];
      const consumer = new Stream<{ in: number }, {}>({
        ins: ['in'],
        fn: async (ins) => {
          if (ins.in.size === 0) return;
          await new Promise((r) => setImmediate(r));
          ins.in.pop();
          consumed++;
          ahead.push(src.pulled - consumed);
          return ins.in.size > 0;
        },
      });
      let consumed = 0;
      wf.addStream(src).pipe(wf.addStream(consumer));
      await wf.run();
      expect(consumed).toBe(50);
      // Measured right after a pop, before the source refills: the loop never runs under a
      // stream's own call, so the source is at most capacity - 1 items ahead at that moment.
      expect(Math.max(...ahead)).toBe(3);
      expectBounded(wf);
    });

    it('does not run a stream whose only output is full', async () => {
      const wf = new Workflow({ capacity: 2 });
      let runsWhileFull = 0;
      const src = new Stream<{}, { out: number }>({
        outs: ['out'],
        state: { i: 0 },
        fn: (_ins, outs, s) => {
          if (outs.out.full) runsWhileFull++;
          while (s.i < 100) if (!outs.out.push(s.i++)) return true;
        },
      });
      const out = slowSink<number>();
      wf.addStream(src).pipe(wf.addStream(out));
      await wf.run();
      expect(out.items).toEqual(upTo(100));
      expect(runsWhileFull).toBe(0);
    });
  });

  describe('rule 3: completion', () => {
    it('runs a stream once more after its last input closed, so it can flush', async () => {
      const wf = new Workflow({ capacity: 4 });
      const batches = sink<number[]>();
      const batcher = new Stream<{ in: number }, { out: number[] }>({
        ins: ['in'],
        outs: ['out'],
        state: { batch: [] as number[] },
        fn: (ins, outs, s) => {
          while (ins.in.size > 0) {
            s.batch.push(ins.in.pop());
            if (s.batch.length === 3) {
              outs.out.push(s.batch);
              s.batch = [];
            }
          }
          if (ins.in.done && s.batch.length > 0) {
            outs.out.push(s.batch);
            s.batch = [];
          }
        },
      });
      wf.addStream(source(upTo(7)))
        .pipe(wf.addStream(batcher))
        .pipe(wf.addStream(batches));
      await wf.run();
      expect(batches.items).toEqual([[0, 1, 2], [3, 4, 5], [6]]);
    });

    it("closes a finished stream's outputs and completes when every stream finished", async () => {
      const wf = new Workflow();
      const states: string[] = [];
      const src = wf.addStream(source([1]));
      const probe = wf.addStream(
        new Stream<{ in: number }, {}>({
          ins: ['in'],
          fn: (ins) => {
            while (ins.in.size > 0) ins.in.pop();
            states.push(`closed=${ins.in.closed} done=${ins.in.done}`);
          },
        }),
      );
      src.pipe(probe);
      await wf.run();
      expect(states[states.length - 1]).toBe('closed=true done=true');
      expect(wf.steps.map((s) => s.state)).toEqual(['finished', 'finished']);
    });

    it('completes at once with no streams, or with a source that produces nothing', async () => {
      await expectAsync(new Workflow().run()).toBeResolved();
      const wf = new Workflow();
      const out = sink<number>();
      wf.addStream(source<number>([])).pipe(wf.addStream(out));
      await wf.run();
      expect(out.items).toEqual([]);
    });

    it('does not re-enter a stream while its promise is pending', async () => {
      const wf = new Workflow({ capacity: 2 });
      let inFlight = 0;
      let most = 0;
      const seen: number[] = [];
      const worker = new Stream<{ in: number }, {}>({
        ins: ['in'],
        fn: async (ins) => {
          inFlight++;
          most = Math.max(most, inFlight);
          await Promise.resolve();
          while (ins.in.size > 0) seen.push(ins.in.pop());
          inFlight--;
        },
      });
      wf.addStream(source(upTo(20))).pipe(wf.addStream(worker));
      await wf.run();
      expect(seen).toEqual(upTo(20));
      expect(most).toBe(1);
    });
  });

  it('finishes an async stream whose last run settles after its input closed', async () => {
    const wf = new Workflow({ capacity: 2 });
    const out = sink<number>();
    const asyncDouble = new Stream<{ in: number }, { out: number }>({
      name: 'asyncDouble',
      ins: ['in'],
      outs: ['out'],
      fn: async (ins, outs) => {
        await Promise.resolve();
        while (ins.in.size > 0 && !outs.out.full) outs.out.push(ins.in.pop() * 2);
        return ins.in.size > 0;
      },
    });
    wf.addStream(source(upTo(9)))
      .pipe(wf.addStream(asyncDouble))
      .pipe(wf.addStream(out));
    await wf.run();
    expect(out.items).toEqual(upTo(9).map((x) => x * 2));
  });

  describe('rule 4: early finish and cancellation', () => {
    const take = (n: number, name = 'take') =>
      new Stream<{ in: number }, { out: number }>({
        name,
        ins: ['in'],
        outs: ['out'],
        state: { left: n },
        fn: (ins, outs, s) => {
          while (s.left > 0 && ins.in.size > 0) {
            s.left--;
            outs.out.push(ins.in.pop());
          }
          if (s.left === 0) outs.out.close();
        },
      });

    it('stops pulling an endless source once the only consumer, a take, finished', async () => {
      const wf = new Workflow({ capacity: 4 });
      let returned = false;
      function* naturals() {
        try {
          for (let i = 0; ; i++) yield i;
        } finally {
          returned = true;
        }
      }
      const it = naturals();
      let pulled = 0;
      const src = new Stream<{}, { out: number }>({
        outs: ['out'],
        fn: (_ins, outs) => {
          for (;;) {
            pulled++;
            if (!outs.out.push(it.next().value as number)) return true;
          }
        },
        finalize: () => it.return(undefined),
      });
      const out = sink<number>();
      wf.addStream(src)
        .pipe(wf.addStream(take(3)))
        .pipe(wf.addStream(out));
      await wf.run();
      expect(out.items).toEqual([0, 1, 2]);
      expect(returned).toBeTrue();
      expect(pulled).toBeLessThanOrEqual(8);
    });

    it('stops only its own branch of a broadcast', async () => {
      const wf = new Workflow({ capacity: 4 });
      const src = wf.addStream(source(upTo(100)));
      const short = sink<number>('short');
      const all = sink<number>('all');
      src.pipe(wf.addStream(take(2))).pipe(wf.addStream(short));
      src.pipe(wf.addStream(all));
      await wf.run();
      expect(short.items).toEqual([0, 1]);
      expect(all.items).toEqual(upTo(100));
    });

    it('discards a cancelled input and drops later pushes to it without back-pressure', async () => {
      const wf = new Workflow({ capacity: 2, strict: true });
      const pushes: boolean[] = [];
      const src = wf.addStream(
        new Stream<{}, { out: number; other: number }>({
          outs: ['out', 'other'],
          state: { i: 0 },
          fn: (_ins, outs, s) => {
            while (s.i < 10) {
              const i = s.i++;
              pushes.push(outs.out.push(i));
              if (!outs.other.push(i)) return true;
            }
          },
        }),
      );
      const quitter = wf.addStream(
        new Stream<{ in: number }, {}>({
          name: 'quitter',
          ins: ['in'],
          fn: (ins) => {
            ins.in.cancel();
          },
        }),
      );
      const rest = sink<number>();
      src.output('out').pipe(quitter.input('in'));
      src.output('other').pipe(wf.addStream(rest).input('in'));
      await wf.run();
      expect(rest.items).toEqual(upTo(10));
      expect(quitter.inputs[0].conn.state).toBe('cancelled');
      // Before the cancel, the quitter's buffer filled; afterwards every push reports room.
      expect(pushes.slice(2)).toEqual(Array(8).fill(true));
      expect(quitter.inputs[0].conn.dropped).toBe(10);
    });
  });

  describe('rule 5: sync groups', () => {
    it('shows grouped inputs only in complete sets, popped in lockstep', async () => {
      const wf = new Workflow({ capacity: 3, strict: true });
      const sizes: string[] = [];
      const join = wf.addStream(
        new Stream<{ left: number; right: string }, { out: string }>({
          name: 'join',
          ins: ['left', 'right'],
          outs: ['out'],
          fn: (ins, outs) => {
            sizes.push(`${ins.left.size}/${ins.right.size}`);
            while (ins.left.size > 0) {
              expect(ins.right.size).toBe(ins.left.size);
              if (!outs.out.push(`${ins.left.pop()}${ins.right.pop()}`)) return true;
            }
          },
        }),
      );
      join.synchronise(['left', 'right']);
      const out = sink<string>();
      wf.addStream(source([1, 2, 3, 4, 5], 'numbers'))
        .output('out')
        .pipe(join.input('left'));
      wf.addStream(source(['a', 'b', 'c'], 'letters'))
        .output('out')
        .pipe(join.input('right'));
      join.pipe(wf.addStream(out));
      await wf.run();
      expect(out.items).toEqual(['1a', '2b', '3c']);
      expect(sizes.every((s) => s.split('/')[0] === s.split('/')[1])).toBeTrue();
      // The unmatched 4 and 5 were discarded when the join finished.
      expect(join.inputs[0].conn.size).toBe(0);
    });

    it('reports a group done once a partner closed with no further set', async () => {
      const wf = new Workflow();
      const seen: string[] = [];
      const join = wf.addStream(
        new Stream<{ a: number; b: number }, {}>({
          ins: ['a', 'b'],
          fn: (ins) => {
            while (ins.a.size > 0) seen.push(`${ins.a.pop()}+${ins.b.pop()}`);
            seen.push(`done=${ins.a.done},${ins.b.done}`);
          },
        }),
      );
      join.synchronise(['a', 'b']);
      wf.addStream(source([1, 2, 3], 'a'))
        .output('out')
        .pipe(join.input('a'));
      wf.addStream(source([10], 'b'))
        .output('out')
        .pipe(join.input('b'));
      await wf.run();
      expect(seen.filter((s) => !s.startsWith('done'))).toEqual(['1+10']);
      expect(seen[seen.length - 1]).toBe('done=true,true');
    });
  });

  describe('rule 6: errors', () => {
    it('stops at the first throw and rejects with a StreamError naming the stream', async () => {
      const wf = new Workflow({ capacity: 2 });
      const boom = new Error('bad item 5');
      const runs: number[] = [];
      const finalized: string[] = [];
      const fragile = new Stream<{ in: number }, {}>({
        name: 'fragile',
        ins: ['in'],
        fn: (ins) => {
          while (ins.in.size > 0) {
            const x = ins.in.pop();
            runs.push(x);
            if (x === 5) throw boom;
          }
        },
        finalize: () => finalized.push('fragile'),
      });
      const src = source(upTo(100));
      wf.addStream(src).pipe(wf.addStream(fragile));
      const err = await wf.run().then(
        () => null,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(StreamError);
      expect((err as StreamError).message).toBe('stream "fragile" failed: bad item 5');
      expect((err as StreamError).stream).toBe('fragile');
      expect((err as StreamError).cause).toBe(boom);
      expect(runs).toEqual(upTo(6));
      expect(finalized).toEqual(['fragile']);
      const pulledAtFailure = src.pulled;
      await new Promise((r) => setImmediate(r));
      expect(src.pulled).toBe(pulledAtFailure);
      expect(wf.steps.every((s) => s.inputs.every((i) => i.conn.size === 0))).toBeTrue();
    });

    it('rejects with the stream name when an async run rejects', async () => {
      const wf = new Workflow();
      const later = new Stream<{ in: number }, {}>({
        name: 'later',
        ins: ['in'],
        fn: async () => {
          throw new TypeError('no');
        },
      });
      wf.addStream(source([1])).pipe(wf.addStream(later));
      await expectAsync(wf.run()).toBeRejectedWithError(StreamError, 'stream "later" failed: no');
    });

    it('rejects a run result that is not true, false, nothing or a promise', async () => {
      const wf = new Workflow();
      wf.addStream(new Stream({ name: 'odd', fn: () => 3 as never }));
      await expectAsync(wf.run()).toBeRejectedWithError(
        StreamError,
        /^stream "odd" failed: run\(\) returned 3; it must return true/,
      );
    });
  });

  describe('aborting', () => {
    it('stops every stream, finalizes each once and rejects with an AbortError', async () => {
      const wf = new Workflow({ capacity: 2 });
      const controller = new AbortController();
      const finalized: string[] = [];
      let runsAfterAbort = 0;
      const src = source(upTo(1000));
      const consumer = new Stream<{ in: number }, {}>({
        name: 'consumer',
        ins: ['in'],
        fn: async (ins) => {
          if (controller.signal.aborted) runsAfterAbort++;
          await new Promise((r) => setImmediate(r));
          if (ins.in.size > 0 && ins.in.pop() === 10) controller.abort(new Error('enough'));
          return ins.in.size > 0;
        },
        finalize: () => finalized.push('consumer'),
      });
      wf.addStream(src).pipe(wf.addStream(consumer));
      const err = await wf.run({ signal: controller.signal }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AbortError);
      expect((err as AbortError).message).toBe('run(): aborted: enough');
      const pulled = src.pulled;
      await new Promise((r) => setTimeout(r, 5));
      expect(src.pulled).toBe(pulled);
      expect(runsAfterAbort).toBe(0);
      expect(finalized).toEqual(['consumer']);
    });

    it('rejects at once when the signal is already aborted', async () => {
      const wf = new Workflow();
      const src = source([1, 2]);
      wf.addStream(src);
      await expectAsync(wf.run({ signal: AbortSignal.abort() })).toBeRejectedWithError(AbortError);
      expect(src.pulled).toBe(0);
    });
  });

  describe('rule 7: no hangs', () => {
    it('reports a stream that never consumes its input as a deadlock', async () => {
      const wf = new Workflow({ capacity: 2 });
      wf.addStream(source(upTo(10))).pipe(wf.addStream(new Stream({ name: 'lazy', ins: ['in'], fn: () => {} })));
      const err = (await wf.run().catch((e: unknown) => e)) as DeadlockError;
      expect(err).toBeInstanceOf(DeadlockError);
      expect(err.stuck.map((s) => s.stream)).toEqual(['lazy', 'source']);
      expect(err.stuck[0].inputs).toEqual([{ from: 'source.out', to: 'lazy.in', size: 2, capacity: 2, state: 'open' }]);
      expect(err.message).toContain('lazy (holding unread input): inputs [source.out -> lazy.in 2/2 open]');
      expect(err.message).toContain('source (waiting for room)');
    });

    it('reports a cycle whose buffers are full as a deadlock', async () => {
      const wf = new Workflow({ capacity: 1 });
      const relay = (name: string) =>
        new Stream<{ in: number }, { out: number }>({
          name,
          ins: ['in'],
          outs: ['out'],
          fn: (ins, outs) => {
            // Emits two items for each item taken: the loop must fill up.
            while (ins.in.size > 0 && !outs.out.full) {
              const x = ins.in.pop();
              outs.out.push(x);
              outs.out.push(x);
            }
            return ins.in.size > 0;
          },
        });
      const a = wf.addStream(relay('a'));
      const b = wf.addStream(relay('b'));
      wf.addStream(source([1], 'seed')).pipe(a);
      a.pipe(b).pipe(a);
      const err = await wf.run().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(DeadlockError);
      expect((err as DeadlockError).stuck.map((s) => s.stream).sort()).toEqual(['a', 'b']);
    });
  });

  describe('rule 9: the event loop keeps turning', () => {
    it('lets timers run during a long synchronous workflow, while draining in batches', async () => {
      const wf = new Workflow({ capacity: 64, runsPerSlice: 10 });
      const n = 300_000;
      const out = sink<number>();
      let ticks = 0;
      let itemsAtFirstTick = -1;
      const timer = setInterval(() => {
        if (ticks++ === 0) itemsAtFirstTick = out.items.length;
      }, 0);
      wf.addStream(source(upTo(n)))
        .pipe(wf.addStream(map((x: number) => x)))
        .pipe(wf.addStream(out));
      await wf.run();
      clearInterval(timer);
      expect(out.items.length).toBe(n);
      expect(itemsAtFirstTick).toBeGreaterThanOrEqual(0);
      expect(itemsAtFirstTick).toBeLessThan(n);
      // Batches: one sink run takes many items, not one per run.
      expect(out.runs).toBeLessThan(n / 16);
    });
  });
});

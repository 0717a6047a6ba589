import { Stream, WiringError, Workflow } from '../../src/index';
import { sink, source } from '../support/streams';

const wiringError = (message: string | RegExp) => (e: unknown) =>
  e instanceof WiringError && (typeof message === 'string' ? e.message === message : message.test(e.message));

describe('Workflow', () => {
  describe('rule 8: wiring errors at build time', () => {
    it('names an unknown port and lists the real ones', () => {
      const wf = new Workflow();
      const s = wf.addStream(new Stream({ name: 'join', ins: ['left', 'right'], outs: ['out'] }));
      expect(() => s.input('middle')).toThrowMatching(
        wiringError('stream "join" has no input port "middle"; its input ports are: "left", "right".'),
      );
      expect(() => s.output('left')).toThrowMatching(
        wiringError('stream "join" has no output port "left"; its output ports are: "out".'),
      );
    });

    it('refuses an ambiguous step.pipe and says how to pipe explicitly', () => {
      const wf = new Workflow();
      const a = wf.addStream(new Stream({ name: 'a', outs: ['x', 'y'] }));
      const b = wf.addStream(new Stream({ name: 'b', ins: ['p', 'q'] }));
      expect(() => a.pipe(b)).toThrowMatching(
        wiringError(
          'pipe(): cannot match the ports of "a" (outputs "x", "y") with "b" (inputs "p", "q"): ' +
            'step.pipe(other) needs one output and one input, or ports of equal names. ' +
            "Pipe ports explicitly: a.output('…').pipe(b.input('…')).",
        ),
      );
      expect(a.outputs.every((o) => o.conns.length === 0)).toBeTrue();
    });

    it('pipes one to one, or by equal names', async () => {
      const wf = new Workflow();
      const a = wf.addStream(source([1, 2], 'a'));
      const b = wf.addStream(new Stream({ name: 'b', ins: ['whatever'], outs: ['x', 'y'] }));
      const c = wf.addStream(new Stream({ name: 'c', ins: ['y', 'x', 'z'], outs: ['out'] }));
      const out = sink<number>();
      expect(a.pipe(b)).toBe(b);
      expect(b.pipe(c)).toBe(c);
      c.pipe(wf.addStream(out));
      expect(c.inputs.map((i) => i.conn.producers.map((p) => p.label))).toEqual([['b.y'], ['b.x'], []]);
      await wf.run();
      expect(out.items.sort()).toEqual([1, 1, 2, 2]);
    });

    it('refuses the same stream twice, in one workflow or two', () => {
      const s = new Stream({ name: 'once' });
      const wf = new Workflow();
      wf.addStream(s);
      const expected = wiringError(
        'addStream(stream): the stream "once" was already added to a workflow; create a new instance for each place it runs.',
      );
      expect(() => wf.addStream(s)).toThrowMatching(expected);
      expect(() => new Workflow().addStream(s)).toThrowMatching(expected);
      expect(wf.steps.length).toBe(1);
    });

    it('refuses a non-stream', () => {
      expect(() => new Workflow().addStream({ run() {} } as never)).toThrowMatching(
        wiringError('addStream(stream): expected a Stream; got an object. Wrap a function with new Stream({ fn }).'),
      );
    });

    it('refuses run() twice', async () => {
      const wf = new Workflow();
      wf.addStream(source([1]));
      await wf.run();
      await expectAsync(wf.run()).toBeRejectedWithError(
        WiringError,
        'run(): this workflow was already run; a Workflow runs once, so build a new one to run again.',
      );
    });

    it('refuses changes once running', async () => {
      const wf = new Workflow();
      const a = wf.addStream(source([1], 'a'));
      const done = wf.run();
      expect(() => wf.addStream(new Stream())).toThrowMatching(
        wiringError(/^addStream\(\): the workflow is already running/),
      );
      expect(() => a.pipe(a)).toThrowMatching(wiringError(/^pipe\(\): the workflow is already running/));
      await done;
    });

    it('refuses piping across workflows', () => {
      const one = new Workflow();
      const two = new Workflow();
      const a = one.addStream(new Stream({ name: 'a', outs: ['out'] }));
      const b = two.addStream(new Stream({ name: 'b', ins: ['in'] }));
      expect(() => a.pipe(b)).toThrowMatching(wiringError(/^pipe\(\): the step "b" belongs to another workflow/));
      expect(() => a.output('out').pipe(b.input('in'))).toThrowMatching(wiringError(/belongs to another workflow/));
    });

    it('refuses the same pair twice and conflicting capacities', () => {
      const wf = new Workflow();
      const a = wf.addStream(new Stream({ name: 'a', outs: ['out'] }));
      const b = wf.addStream(new Stream({ name: 'b', outs: ['out'] }));
      const c = wf.addStream(new Stream({ name: 'c', ins: ['in'] }));
      a.output('out').pipe(c.input('in'), { capacity: 8 });
      expect(() => a.pipe(c)).toThrowMatching(
        wiringError('pipe(): a.out is already piped to c.in; pipe each pair of ports once.'),
      );
      expect(() => b.output('out').pipe(c.input('in'), { capacity: 4 })).toThrowMatching(
        wiringError(/^pipe\(\): c\.in was given capacity 8 by an earlier pipe and 4 now/),
      );
      expect(b.outputs[0].conns.length).toBe(0);
    });

    for (const bad of [0, -1, NaN, 1.5, Infinity, '8']) {
      it(`refuses capacity ${String(bad)}`, () => {
        const expected = wiringError(/capacity must be a whole number of items, at least 1; got/);
        expect(() => new Workflow({ capacity: bad as number })).toThrowMatching(expected);
        const wf = new Workflow();
        const a = wf.addStream(new Stream({ outs: ['out'] }));
        const b = wf.addStream(new Stream({ ins: ['in'] }));
        expect(() => a.pipe(b, { capacity: bad as number })).toThrowMatching(expected);
      });
    }

    it('refuses a strict option that is not a boolean, rather than reading it as non-strict', () => {
      for (const [bad, shown] of [
        ['yes', '"yes"'],
        [1, '1'],
        [null, 'null'],
      ] as const) {
        expect(() => new Workflow({ strict: bad as never })).toThrowMatching(
          wiringError(
            `new Workflow({ strict }): expected true or false; got ${shown}. ` +
              'Pass strict: true to throw when a stream pushes into a full connection, or leave it out.',
          ),
        );
      }
      expect(new Workflow({ strict: false }).strict).toBe(false);
      expect(new Workflow({ strict: true }).strict).toBe(true);
      expect(new Workflow({}).strict).toBe(false);
    });

    it('refuses a scheduler without now(), which the engine reads its time slices from', () => {
      const noClock = { schedule: () => ({ unsubscribe() {} }) };
      expect(() => new Workflow({ scheduler: noClock as never })).toThrowMatching(
        wiringError(
          'new Workflow({ scheduler }): expected an RxJS SchedulerLike (with schedule() and now()); got an object.',
        ),
      );
    });

    it('leaves the workflow as it was when a stream declares a bad sync group', async () => {
      const wf = new Workflow();
      const bad = new Stream({ name: 'zipper', ins: ['a', 'b'], sync: [['a', 'c']] });
      expect(() => wf.addStream(bad)).toThrowMatching(
        wiringError('stream "zipper" has no input port "c"; its input ports are: "a", "b".'),
      );
      expect(wf.steps.length).toBe(0);
      const out = sink<number>();
      wf.addStream(source([1], 'zipper')).pipe(wf.addStream(out));
      await wf.run();
      expect(out.items).toEqual([1]);
      expect(wf.steps[0].name).toBe('zipper');
    });

    it('names a misspelt option and suggests the right one', async () => {
      expect(() => new Workflow({ capcity: 4 } as never)).toThrowMatching(
        wiringError(
          'new Workflow(options): unknown option "capcity"; did you mean "capacity"? ' +
            'The options are: capacity, strict, scheduler, runsPerSlice.',
        ),
      );
      const wf = new Workflow();
      const a = wf.addStream(new Stream({ name: 'a', outs: ['out'] }));
      const b = wf.addStream(new Stream({ name: 'b', ins: ['in'] }));
      expect(() => a.pipe(b, { size: 4 } as never)).toThrowMatching(
        wiringError('pipe(to, options): unknown option "size". The options are: capacity, pack, window.'),
      );
      expect(a.outputs[0].conns.length).toBe(0);
      await expectAsync(wf.run({ signl: null } as never)).toBeRejectedWithError(
        WiringError,
        'run(options): unknown option "signl"; did you mean "signal"? The options are: signal, transport.',
      );
      a.pipe(b);
      await wf.run();
      expect(wf.steps.map((s) => s.state)).toEqual(['finished', 'finished']);
    });

    it('validates synchronise()', () => {
      const wf = new Workflow();
      const j = wf.addStream(new Stream({ name: 'j', ins: ['a', 'b', 'c'] }));
      expect(() => j.synchronise(['a'])).toThrowMatching(wiringError(/at least two input names/));
      expect(() => j.synchronise(['a', 'a'])).toThrowMatching(wiringError(/an input is named twice/));
      expect(() => j.synchronise(['a', 'x'])).toThrowMatching(wiringError(/has no input port "x"/));
      j.synchronise(['a', 'b']);
      expect(() => j.synchronise(['b', 'c'])).toThrowMatching(wiringError(/input "b" is already in a sync group/));
    });
  });

  describe('unconnected ports', () => {
    it('treat an unconnected input as closed and discard pushes to an unconnected output', async () => {
      const wf = new Workflow();
      const seen: string[] = [];
      wf.addStream(
        new Stream<{ in: number }, { out: number }>({
          name: 'alone',
          ins: ['in'],
          outs: ['out'],
          fn: (ins, outs) => {
            seen.push(`closed=${ins.in.closed} push=${outs.out.push(1)} full=${outs.out.full}`);
          },
        }),
      );
      await wf.run();
      expect(seen).toEqual(['closed=true push=true full=false']);
    });
  });

  describe('names', () => {
    it('makes step names unique', () => {
      const wf = new Workflow();
      const names = [1, 2, 3].map(() => wf.addStream(new Stream({ name: 'map' })).name);
      expect(names).toEqual(['map', 'map#2', 'map#3']);
    });

    it('never gives a name already taken, by a stream named like a suffix or by a failed add', () => {
      const wf = new Workflow();
      const add = (name: string) => wf.addStream(new Stream({ name, ins: ['a', 'b'] })).name;
      expect(['map', 'map#3', 'map', 'map', 'map#2#2', 'map#2', 'map'].map(add)).toEqual([
        'map',
        'map#3',
        'map#2',
        'map#4',
        'map#2#2',
        'map#2#3',
        'map#5',
      ]);
      // A stream whose sync group is refused is not added, and its name stays free.
      expect(() => wf.addStream(new Stream({ name: 'map', ins: ['a', 'b'], sync: [['a', 'z']] }))).toThrowError(
        WiringError,
      );
      expect(add('map')).toBe('map#6');
    });
  });

  describe('toString()', () => {
    it('is a Graphviz digraph of streams, ports and capacities', () => {
      const wf = new Workflow({ capacity: 16 });
      const a = wf.addStream(new Stream({ name: 'src', outs: ['a'] }));
      const b = wf.addStream(new Stream({ name: 'work', ins: ['b'], outs: ['c'] }));
      const c = wf.addStream(new Stream({ name: 'sink', ins: ['d'] }));
      a.pipe(b);
      b.output('c').pipe(c.input('d'), { capacity: 4 });
      expect(String(wf)).toBe(
        [
          'digraph workflow {',
          '  rankdir=LR;',
          '  node [shape=record, fontname="Helvetica"];',
          '  s0 [label="{src|{<o0>a}}"];',
          '  s1 [label="{{<i0>b}|work|{<o0>c}}"];',
          '  s2 [label="{{<i0>d}|sink}"];',
          '  s0:o0 -> s1:i0 [label="16"];',
          '  s1:o0 -> s2:i0 [label="4"];',
          '}',
        ].join('\n'),
      );
    });
  });
});

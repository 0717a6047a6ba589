import { Stream, WiringError, type Inputs, type Outputs } from '../src/index';
import { testStream } from '../src/testing/index';

class Range extends Stream<{}, { entity: number }> {
  static override readonly OUT = ['entity'] as const;
  private it?: Iterator<number>;
  override run(_ins: Inputs<{}>, outs: Outputs<{ entity: number }>) {
    this.it ??= [...Array(100).keys()][Symbol.iterator]();
    for (let r = this.it.next(); !r.done; r = this.it.next()) if (!outs.entity.push(r.value)) return true;
  }
}

describe('Stream', () => {
  it('takes its ports from static IN and OUT when subclassed', async () => {
    const s = new Range();
    expect(s.name).toBe('Range');
    expect(s.ins).toEqual([]);
    expect(s.outs).toEqual(['entity']);
    const out = await testStream(s, {}, { capacity: 7 });
    expect(out.entity).toEqual([...Array(100).keys()]);
  });

  it('runs a function with private state kept across runs', async () => {
    const s = new Stream<{}, { entity: number }>({
      outs: ['entity'],
      fn: (_ins, outs, state) => {
        state.iterator ??= [...Array(100).keys()][Symbol.iterator]();
        for (const item of state.iterator as Iterable<number>) if (!outs.entity.push(item)) return true;
      },
    });
    expect(s.name).toBe('fn');
    const out = await testStream(s, {}, { capacity: 3 });
    expect(out.entity).toEqual([...Array(100).keys()]);
  });

  it('forwards every input item to every output when it has no fn', async () => {
    const s = new Stream({ name: 'double', ins: ['a', 'b'], outs: ['c', 'd'] });
    const out = await testStream(s, { a: [1, 2, 3], b: [4, 5] }, { capacity: 2 });
    expect(out['c'].sort()).toEqual([1, 2, 3, 4, 5]);
    expect(out['d'].sort()).toEqual([1, 2, 3, 4, 5]);
  });

  it('uses the given name, else the function name, else the class name', () => {
    function tally() {}
    expect(new Stream({ name: 'x' }).name).toBe('x');
    expect(new Stream({ fn: tally }).name).toBe('tally');
    expect(new Stream().name).toBe('stream');
  });

  it('calls finalize once with its state', async () => {
    const seen: unknown[] = [];
    const s = new Stream<{ a: number }, {}>({
      ins: ['a'],
      state: { n: 0 },
      fn: (ins, _outs, state) => {
        while (ins.a.size > 0) state.n += ins.a.pop();
      },
      finalize: (state) => seen.push(state.n),
    });
    await testStream(s, { a: [1, 2, 3] });
    expect(seen).toEqual([6]);
  });

  it('lets a subclass have its own fn and finalizeFn fields without them being run', async () => {
    const calls: string[] = [];
    class Labelled extends Stream<{ in: number }, { out: number }> {
      static override readonly IN = ['in'];
      static override readonly OUT = ['out'];
      fn = (): void => {
        calls.push('fn');
      };
      finalizeFn = (): void => {
        calls.push('finalizeFn');
      };
    }
    const s = new Labelled();
    expect(await testStream(s, { in: [1, 2, 3] })).toEqual({ out: [1, 2, 3] });
    expect(calls).toEqual([]);
  });

  describe('rejects bad definitions with a WiringError naming the stream', () => {
    const cases: [string, () => unknown, RegExp][] = [
      ['empty port name', () => new Stream({ name: 's', ins: [''] }), /stream "s": ins has a port name "";/],
      ['non-string port', () => new Stream({ name: 's', outs: [3 as never] }), /stream "s": outs has a port name 3;/],
      ['duplicate port', () => new Stream({ name: 's', ins: ['a', 'a'] }), /stream "s": ins names the port "a" twice/],
      ['ports not an array', () => new Stream({ name: 's', ins: 'a' as never }), /stream "s": ins must be an array/],
      ['empty name', () => new Stream({ name: '' }), /name must be a non-empty string; got ""/],
      ['fn not a function', () => new Stream({ fn: 3 as never }), /fn must be a function; got 3/],
      [
        'misspelt option',
        () => new Stream({ name: 's', out: ['x'] } as never),
        /^new Stream\("s"\): unknown option "out"; did you mean "outs"\? The options are: name, ins, outs, fn, state, finalize, sync, decoupled, recovers, demand\.$/,
      ],
    ];
    for (const [what, make, message] of cases) {
      it(what, () => {
        expect(make).toThrowMatching((e) => e instanceof WiringError && message.test(e.message));
      });
    }
  });
});

describe('testStream', () => {
  it('re-runs a stream while it asks to and returns every output', async () => {
    const split = new Stream<{ n: number }, { even: number; odd: number }>({
      ins: ['n'],
      outs: ['even', 'odd'],
      fn: (ins, outs) => {
        while (ins.n.size > 0) {
          const port = ins.n.peek() % 2 === 0 ? outs.even : outs.odd;
          if (port.full) return true;
          port.push(ins.n.pop());
        }
      },
    });
    expect(await testStream(split, { n: [1, 2, 3, 4, 5, 6, 7] }, { capacity: 1 })).toEqual({
      even: [2, 4, 6],
      odd: [1, 3, 5, 7],
    });
  });

  it('names an unknown input port', async () => {
    const s = new Stream<{ n: number }, {}>({ name: 'sum', ins: ['n'] });
    await expectAsync(testStream(s, { m: [1] } as never)).toBeRejectedWithError(
      WiringError,
      'testStream(): stream "sum" has no input port "m"; its inputs are: n.',
    );
  });
});

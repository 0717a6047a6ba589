/**
 * Port types are checked by the compiler: every `@ts-expect-error` line below
 * must be a compile error, or `tsc` (and so the test run) fails with
 * "Unused '@ts-expect-error' directive". The runtime assertions check what the
 * engine does with the same mistakes when types are bypassed.
 */
import {
  Stream,
  WiringError,
  Workflow,
  collect,
  fromIterable,
  map,
  range,
  type Inputs,
  type Outputs,
} from '../src/index';

describe('port types', () => {
  it('make piping an Output<string> into an Input<number> a compile error', () => {
    const wf = new Workflow();
    const strings = wf.addStream(new Stream<{}, { out: string }>({ name: 'strings', outs: ['out'] }));
    const numbers = wf.addStream(new Stream<{ in: number }, {}>({ name: 'numbers', ins: ['in'] }));
    const literal = wf.addStream(new Stream<{}, { out: 'a' | 'b' }>({ name: 'letters', outs: ['out'] }));
    const anything = wf.addStream(new Stream<{ in: string }, {}>({ name: 'anything', ins: ['in'] }));
    // @ts-expect-error Output<string> into Input<number>
    strings.output('out').pipe(numbers.input('in'));
    // A narrower output type fits a wider input type.
    expect(literal.output('out').pipe(anything.input('in'))).toBe(anything);
  });

  it('make step.pipe(step) a compile error when the items do not fit, one port each', async () => {
    const wf = new Workflow();
    const doubled = wf.addStream(range(0, 3)).pipe(wf.addStream(map((x: number) => x * 2)));
    const strings = wf.addStream(collect<string>());
    // @ts-expect-error numbers into a collect<string>
    expect(doubled.pipe(strings)).toBe(strings);
    // The only output and the only input need not share a name.
    const n = wf.addStream(new Stream<{}, { n: number }>({ name: 'n', outs: ['n'] }));
    const s = wf.addStream(new Stream<{ s: string }, {}>({ name: 's', ins: ['s'] }));
    // @ts-expect-error Output<number> "n" into Input<string> "s"
    n.pipe(s);
    // Types bypassed, the engine delivers what was pushed: the compiler is the check.
    await wf.run();
    expect((strings.stream as unknown as { items: unknown[] }).items).toEqual([0, 2, 4]);
  });

  it('make step.pipe(step) a compile error when ports of the same name carry items that do not fit', () => {
    const wf = new Workflow();
    const pair = wf.addStream(new Stream<{}, { a: number; b: 'x' | 'y' }>({ name: 'pair', outs: ['a', 'b'] }));
    const fits = wf.addStream(
      new Stream<{ a: number; b: string; c: boolean }, {}>({ name: 'fits', ins: ['a', 'b', 'c'] }),
    );
    const wrong = wf.addStream(new Stream<{ a: number; b: number }, {}>({ name: 'wrong', ins: ['a', 'b'] }));
    // A narrower item type fits a wider one; an input nothing is piped into ("c") is not asked about.
    expect(pair.pipe(fits)).toBe(fits);
    // @ts-expect-error "b" carries 'x' | 'y' into an input of numbers
    expect(pair.pipe(wrong)).toBe(wrong);
    const maybe = wf.addStream(new Stream<{}, { a: number | undefined }>({ name: 'maybe', outs: ['a'] }));
    // @ts-expect-error "a" may carry undefined into an input of numbers
    maybe.pipe(wrong);
  });

  it('keep well-typed pipes compiling: untyped streams, generic item types, chains of stages', () => {
    const wf = new Workflow();
    const untyped = wf.addStream(new Stream({ name: 'untyped', ins: ['in'], outs: ['out'] }));
    const typedSink = wf.addStream(collect<number>({ name: 'typed' }));
    // Untyped (AnyPorts) on either side: any name, any item.
    expect(wf.addStream(range(0, 2)).pipe(untyped).pipe(typedSink)).toBe(typedSink);
    function chain<T>(items: T[]): Stream<{ in: T }, {}> {
      const sink = collect<T>();
      wf.addStream(fromIterable<T>(items))
        .pipe(wf.addStream(map((x: T) => x)))
        .pipe(wf.addStream(sink));
      return sink;
    }
    expect(chain(['a']).name).toBe('collect');
  });

  it('make naming an undeclared port a compile error, and a WiringError at run time', () => {
    const wf = new Workflow();
    const s = wf.addStream(new Stream<{ in: number }, { out: number }>({ name: 's', ins: ['in'], outs: ['out'] }));
    // @ts-expect-error no input "nope"
    expect(() => s.input('nope')).toThrowError(
      WiringError,
      'stream "s" has no input port "nope"; its input ports are: "in".',
    );
    // @ts-expect-error no output "in"
    expect(() => s.output('in')).toThrowError(
      WiringError,
      'stream "s" has no output port "in"; its output ports are: "out".',
    );
    // @ts-expect-error "in" is not a grouped input of this stream's ports
    expect(() => s.synchronise(['in', 'other'])).toThrowError(WiringError, /has no input port "other"/);
  });

  it('type the ports a stream sees in run', () => {
    const names: string[] = [];
    const s = new Stream<{ n: number }, { label: string }>({
      ins: ['n'],
      outs: ['label'],
      fn: (ins, outs) => {
        const n: number = ins.n.pop();
        // @ts-expect-error an Input<number> pops numbers
        const wrong: string = ins.n.peek();
        names.push(typeof wrong);
        // @ts-expect-error an Output<string> takes strings
        outs.label.push(n);
        // @ts-expect-error no such input
        ins.m.pop();
      },
    });
    expect(s.ins).toEqual(['n']);
    // @ts-expect-error port names must be declared in the type
    expect(() => new Stream<{}, { a: number }>({ outs: ['b'] })).not.toThrow();
  });

  it('type subclasses through Inputs and Outputs', () => {
    class Doubler extends Stream<{ x: number }, { y: number }> {
      static override readonly IN = ['x'] as const;
      static override readonly OUT = ['y'] as const;
      override run(ins: Inputs<{ x: number }>, outs: Outputs<{ y: number }>) {
        // @ts-expect-error y carries numbers
        outs.y.push('two');
        while (ins.x.size > 0) outs.y.push(ins.x.pop() * 2);
      }
    }
    const d = new Doubler();
    expect([d.ins, d.outs]).toEqual([['x'], ['y']]);
  });
});

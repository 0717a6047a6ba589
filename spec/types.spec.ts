/**
 * Port types are checked by the compiler: every `@ts-expect-error` line below
 * must be a compile error, or `tsc` (and so the test run) fails with
 * "Unused '@ts-expect-error' directive". The runtime assertions check what the
 * engine does with the same mistakes when types are bypassed.
 */
import { Stream, WiringError, Workflow, type Inputs, type Outputs } from '../src/index';

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

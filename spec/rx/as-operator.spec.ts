import { lastValueFrom, of, Subject, toArray, forkJoin } from 'rxjs';
import { Stream, WiringError, Workflow, asOperator, openPorts } from '../../src/index';
import { route } from '../../marbles/support/route';

let built = 0;
function split(): Workflow {
  built++;
  const wf = new Workflow({ capacity: 2 });
  const r = wf.addStream(route());
  return wf.expose({ numbers: r.input('in'), even: r.output('even'), odd: r.output('odd') });
}

describe('asOperator and expose', () => {
  beforeEach(() => (built = 0));

  it('maps Observables by exposed input name to Observables by exposed output name', async () => {
    const outs = asOperator<{ numbers: number }, { even: number; odd: number }>(split)({ numbers: of(1, 2, 3, 4, 5) });
    expect(Object.keys(outs).sort()).toEqual(['even', 'odd']);
    const both = await lastValueFrom(forkJoin({ even: outs.even.pipe(toArray()), odd: outs.odd.pipe(toArray()) }));
    expect(both).toEqual({ even: [2, 4], odd: [1, 3, 5] });
    expect(built).toBe(1);
  });

  it('shares one run among outputs subscribed together, and runs a new one per later round', async () => {
    const outs = asOperator<{ numbers: number }, { even: number; odd: number }>(split)({ numbers: [1, 2, 3] });
    expect(await lastValueFrom(outs.odd.pipe(toArray()))).toEqual([1, 3]);
    expect(await lastValueFrom(outs.even.pipe(toArray()))).toEqual([2]);
    expect(built).toBe(2);
  });

  it('aborts the run when the last output subscriber leaves', async () => {
    const numbers = new Subject<number>();
    const outs = split().asOperator<{ numbers: number }, { even: number; odd: number }>()({ numbers });
    const seen: number[] = [];
    const a = outs.even.subscribe((n) => seen.push(n));
    const b = outs.odd.subscribe((n) => seen.push(n));
    await new Promise((r) => setTimeout(r, 0));
    numbers.next(1);
    numbers.next(2);
    a.unsubscribe();
    expect(numbers.observed).toBe(true);
    b.unsubscribe();
    expect(numbers.observed).toBe(false);
    expect(seen).toEqual([1, 2]);
  });

  it('names what is missing or unknown', () => {
    const op = asOperator(split);
    expect(() => op({} as never)).toThrowError(WiringError, /no Observable given for the open input "numbers"/);
    expect(() => op({ numbers: of(1), extra: of(2) } as never)).toThrowError(
      WiringError,
      /no open input "extra"; its open inputs are: "numbers"/,
    );
  });

  it('without expose, open ports are the unconnected ones, named by port or step.port', () => {
    const wf = new Workflow();
    const a = wf.addStream(new Stream({ name: 'a', ins: ['in'], outs: ['out'] }));
    const b = wf.addStream(new Stream({ name: 'b', ins: ['in'], outs: ['out'] }));
    const c = wf.addStream(new Stream({ name: 'c', ins: ['x'], outs: ['y'] }));
    a.pipe(c);
    const ports = openPorts(wf);
    expect([...ports.inputs.keys()]).toEqual(['a.in', 'b.in']);
    expect([...ports.outputs.keys()]).toEqual(['out', 'y']);
    void b;
  });

  it('refuses bad exposures', () => {
    const wf = new Workflow();
    const a = wf.addStream(new Stream({ name: 'a', ins: ['in'], outs: ['out'] }));
    const b = wf.addStream(new Stream({ name: 'b', ins: ['in'] }));
    a.pipe(b);
    expect(() => wf.expose({ x: 3 as never })).toThrowError(WiringError, /"x" must be a port reference/);
    expect(() => wf.expose({ x: b.input('in') })).toThrowError(WiringError, /already piped into/);
    expect(() => new Workflow().expose({ x: a.output('out') })).toThrowError(WiringError, /another workflow/);
  });

  it('refuses "__proto__" as an exposed name, however it is written', () => {
    // Exposed as "__proto__", an output used to become the prototype of asOperator's result.
    const wf = new Workflow();
    const r = wf.addStream(route());
    expect(() => wf.expose({ ['__proto__']: r.output('even') })).toThrowError(
      WiringError,
      'expose(): "__proto__" cannot be an exposed name (it would be an object\'s prototype); rename it.',
    );
    expect(() => wf.expose({ __proto__: r.output('even') } as never)).toThrowError(
      WiringError,
      'expose(): `{ __proto__: ref }` sets the object\'s prototype instead of naming a port, so "__proto__" cannot be an exposed name; rename it.',
    );
    expect(openPorts(wf).outputs.size).toBe(2);
  });

  it('gives its outputs in an object without a prototype, and wants an own Observable for each input', async () => {
    const build = () => {
      const wf = new Workflow();
      const pass = wf.addStream(
        new Stream<{ toString: number }, { constructor: number }>({
          name: 'pass',
          ins: ['toString'],
          outs: ['constructor'],
        }),
      );
      return wf.expose({ toString: pass.input('toString'), constructor: pass.output('constructor') });
    };
    const op = asOperator<{ toString: number }, { constructor: number }>(build);
    // "toString" is a member of every plain object, but not one given here.
    expect(() => op({} as never)).toThrowError(WiringError, /no Observable given for the open input "toString"/);
    const outs = op({ toString: of(1, 2) });
    expect(Object.getPrototypeOf(outs)).toBeNull();
    expect(Object.keys(outs)).toEqual(['constructor']);
    expect(await lastValueFrom(outs.constructor.pipe(toArray()))).toEqual([1, 2]);
  });
});

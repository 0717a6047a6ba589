/**
 * Hostile input: each bad call, the exact error class, and a message that
 * names what was wrong and how to fix it. A call rejected while building
 * leaves nothing half-built: the same workflow then takes a correct graph and
 * runs it. A workflow watched by `metrics()` holds no timer after a rejected
 * call, nor after its run.
 */
import {
  MimoError,
  PortError,
  Stream,
  StreamError,
  WiringError,
  Workflow,
  collect,
  type Collect,
  fromIterable,
  type Inputs,
  type Outputs,
  type Step,
} from '../../src/index';
import { timerCounts, timerProblems } from './support/teardown';

type ErrorClass = new (...args: any[]) => Error;

interface BuildCase {
  readonly what: string;
  /** Makes the bad call on `wf`, which already holds a source `a` and a sink `b`. */
  readonly call: (wf: Workflow, a: Step<{}, { out: number }>, b: Step<{ in: number }, {}>) => unknown;
  readonly error: ErrorClass;
  readonly message: RegExp;
  /** Pipes into `b` that the case made before its bad call. */
  readonly pipedBefore?: number;
  /** Streams the case added before its bad call. */
  readonly addedBefore?: number;
}

const other = () => {
  const wf = new Workflow();
  return wf.addStream(collect<number>({ name: 'elsewhere' }));
};

const buildCases: BuildCase[] = [
  ...[0, -1, NaN, 1.5, Infinity, '4'].map((capacity) => ({
    what: `new Workflow({ capacity: ${String(capacity)} })`,
    call: () => new Workflow({ capacity: capacity as number }),
    error: WiringError,
    message: new RegExp(
      `^new Workflow\\(\\{ capacity \\}\\): capacity must be a whole number of items, at least 1; got ${capacity === '4' ? '"4"' : String(capacity)}\\. .*choose e\\.g\\. 16 or 64`,
    ),
  })),
  ...[0, -3, NaN, 2.5, Infinity].map((capacity) => ({
    what: `pipe(to, { capacity: ${capacity} })`,
    call: (_wf: Workflow, a: Step<{}, { out: number }>, b: Step<{ in: number }, {}>) => a.pipe(b, { capacity }),
    error: WiringError,
    message: new RegExp(
      `^pipe\\(to, \\{ capacity \\}\\): capacity must be a whole number of items, at least 1; got ${capacity}\\.`,
    ),
  })),
  {
    what: 'an empty port name',
    call: () => new Stream({ name: 's', ins: [''] }),
    error: WiringError,
    message: /^stream "s": ins has a port name ""; port names are non-empty strings\.$/,
  },
  {
    what: 'a duplicated port name',
    call: () => new Stream({ name: 's', outs: ['x', 'x'] }),
    error: WiringError,
    message: /^stream "s": outs names the port "x" twice; port names must be unique\.$/,
  },
  {
    what: 'a port name that is not a string',
    call: () => new Stream({ name: 's', ins: [7 as unknown as string] }),
    error: WiringError,
    message: /^stream "s": ins has a port name 7; port names are non-empty strings\.$/,
  },
  {
    what: 'port names that are not an array',
    call: () => new Stream({ name: 's', ins: 'in' as unknown as string[] }),
    error: WiringError,
    message: /^stream "s": ins must be an array of port names; got "in"\.$/,
  },
  {
    what: 'addStream of a plain object',
    call: (wf) => wf.addStream({ run() {} } as unknown as Stream),
    error: WiringError,
    message: /^addStream\(stream\): expected a Stream; got an object\. Wrap a function with new Stream\(\{ fn \}\)\.$/,
  },
  {
    what: 'addStream of a function',
    call: (wf) => wf.addStream((() => true) as unknown as Stream),
    error: WiringError,
    message: /^addStream\(stream\): expected a Stream; got function .*Wrap a function with new Stream\(\{ fn \}\)\.$/,
  },
  {
    what: 'a Stream subclass that forgets super()',
    call: (wf) => wf.addStream(Object.create(Stream.prototype) as Stream),
    error: WiringError,
    message: /was not initialised as a Stream; does its constructor call super\(\)\?$/,
  },
  {
    what: 'the same stream added twice',
    call: (wf, a) => wf.addStream(a.stream),
    error: WiringError,
    message:
      /^addStream\(stream\): the stream "a" was already added to a workflow; create a new instance for each place it runs\.$/,
  },
  {
    what: 'pipe of steps across two workflows',
    call: (_wf, a) => a.pipe(other()),
    error: WiringError,
    message:
      /^pipe\(\): the step "elsewhere" belongs to another workflow; pipe only steps returned by addStream\(\) of the same workflow\.$/,
  },
  {
    what: 'pipe of ports across two workflows',
    call: (_wf, a) => a.output('out').pipe(other().input('in')),
    error: WiringError,
    message: /^pipe\(\): the step "elsewhere" belongs to another workflow/,
  },
  {
    what: 'pipe of an output into a step instead of an input port',
    call: (_wf, a, b) => a.output('out').pipe(b as never),
    error: WiringError,
    message: /^pipe\(\): expected an input port of a step, such as step\.input\('name'\); got an instance of Step\.$/,
  },
  {
    what: 'an unknown port',
    call: (_wf, _a, b) => b.input('nope' as never),
    error: WiringError,
    message: /^stream "b" has no input port "nope"; its input ports are: "in"\.$/,
  },
  {
    what: 'an ambiguous pipe',
    call: (wf, a) => a.pipe(wf.addStream(new Stream({ name: 'two', ins: ['x', 'y'] }))),
    addedBefore: 1,
    error: WiringError,
    message:
      /^pipe\(\): cannot match the ports of "a" \(outputs "out"\) with "two" \(inputs "x", "y"\).*Pipe ports explicitly/,
  },
  {
    what: 'the same pair of ports piped twice',
    call: (_wf, a, b) => {
      a.pipe(b);
      a.pipe(b);
    },
    error: WiringError,
    message: /^pipe\(\): a\.out is already piped to b\.in; pipe each pair of ports once\.$/,
    pipedBefore: 1,
  },
  {
    what: 'two capacities for one input',
    call: (wf, a, b) => {
      a.pipe(b, { capacity: 4 });
      wf.addStream(fromIterable([1], { name: 'c' })).pipe(b, { capacity: 8 });
    },
    error: WiringError,
    message: /^pipe\(\): b\.in was given capacity 4 by an earlier pipe and 8 now; .*give one capacity\.$/,
    pipedBefore: 1,
    addedBefore: 1,
  },
  {
    what: 'synchronise() of a single input',
    call: (_wf, _a, b) => b.synchronise(['in']),
    error: WiringError,
    message: /^synchronise\(\) on "b": expected an array of at least two input names; got an array of 1\.$/,
  },
  {
    what: 'runsPerSlice 0',
    call: () => new Workflow({ runsPerSlice: 0 }),
    error: WiringError,
    message: /^new Workflow\(\{ runsPerSlice \}\): expected a whole number of stream runs, at least 1; got 0\.$/,
  },
  {
    what: 'a scheduler that is not one',
    call: () => new Workflow({ scheduler: {} as never }),
    error: WiringError,
    message: /^new Workflow\(\{ scheduler \}\): expected an RxJS SchedulerLike/,
  },
  {
    what: 'an exposed name "__proto__"',
    call: (wf, a) => wf.expose({ ['__proto__']: a.output('out') }),
    error: WiringError,
    message: /^expose\(\): "__proto__" cannot be an exposed name \(it would be an object's prototype\); rename it\.$/,
  },
  {
    what: 'expose({ __proto__: ref })',
    call: (wf, a) => wf.expose({ __proto__: a.output('out') } as never),
    error: WiringError,
    message: /^expose\(\): `\{ __proto__: ref \}` sets the object's prototype instead of naming a port/,
  },
  {
    what: 'run options that are not an object',
    call: (wf) => wf.run(null as never),
    error: WiringError,
    message: /^run\(options\): options must be an object; got null\.$/,
  },
  {
    what: 'a signal that is not an AbortSignal',
    call: (wf) => wf.run({ signal: 'stop' as never }),
    error: WiringError,
    message: /^run\(\{ signal \}\): expected an AbortSignal; got "stop"\.$/,
  },
];

/** Builds a source `a` and a sink `b` on a new workflow. */
function fixture(): { wf: Workflow; a: Step<{}, { out: number }>; b: Step<{ in: number }, {}> } {
  const wf = new Workflow({ capacity: 2 });
  const a = wf.addStream(fromIterable([1, 2, 3], { name: 'a' }));
  const b = wf.addStream(collect<number>({ name: 'b' }));
  return { wf, a, b };
}

/** The bad call's error, whether it throws or rejects. */
async function errorOf(call: () => unknown): Promise<unknown> {
  try {
    await call();
  } catch (err) {
    return err;
  }
  return undefined;
}

describe('reliability: hostile input while building', () => {
  for (const c of buildCases) {
    it(`${c.what}: ${c.error.name} naming the problem, and the workflow stays usable`, async () => {
      const { wf, a, b } = fixture();
      const stepsBefore = wf.steps.length;
      // Watched from before the bad call: a workflow that has not started holds no timer.
      const timersBefore = timerCounts();
      const statuses: string[] = [];
      wf.metrics(60_000).subscribe((m) => statuses.push(m.status));
      const err = await errorOf(() => c.call(wf, a, b));
      expect(err).toBeInstanceOf(c.error);
      expect((err as Error).message).toMatch(c.message);
      expect(timerProblems(timersBefore)).toEqual([]);
      // Nothing half-built: only what the case did before its bad call is there, and the workflow runs.
      const piped = b.inputPort('in').conn.producers.length;
      expect(piped).toBe(c.pipedBefore ?? 0);
      expect(wf.steps.length).toBe(stepsBefore + (c.addedBefore ?? 0));
      const sink = collect<number>({ name: 'after' });
      wf.addStream(fromIterable([7, 8], { name: 'source after' })).pipe(wf.addStream(sink));
      if (piped === 0) a.pipe(b);
      await wf.run();
      expect(sink.items).toEqual([7, 8]);
      expect((b.stream as Collect<number>).items).toEqual([1, 2, 3]);
      expect(statuses).toEqual(['completed']);
      expect(timerProblems(timersBefore)).toEqual([]);
    });
  }

  it('a pipe by port names that fails on its second pair connects neither', async () => {
    const wf = new Workflow({ capacity: 2 });
    const m = wf.addStream(new Stream({ name: 'm', outs: ['x', 'y'] }));
    const n = wf.addStream(new Stream({ name: 'n', ins: ['x', 'y'] }));
    wf.addStream(new Stream({ name: 'k', outs: ['out'] }))
      .output('out')
      .pipe(n.input('y'), { capacity: 3 });
    expect(() => m.pipe(n, { capacity: 5 })).toThrowMatching(
      (err) =>
        err instanceof WiringError &&
        /^pipe\(\): n\.y was given capacity 3 by an earlier pipe and 5 now/.test(err.message),
    );
    expect(n.inputPort('x').conn.producers.length).toBe(0);
    expect(n.inputPort('x').conn.capacity).toBe(2);
    m.pipe(n, { capacity: 3 });
    await wf.run();
    expect(n.inputPort('x').conn.producers.length).toBe(1);
  });
});

interface RunCase {
  readonly what: string;
  /** The body of a stream "bad" with input `in` (fed [1, 2, 3]) and output `out`. */
  readonly fn: (ins: Inputs<{ in: number }>, outs: Outputs<{ out: number }>) => unknown;
  /** The class of the StreamError's cause. */
  readonly cause: ErrorClass;
  readonly message: RegExp;
}

const runCases: RunCase[] = [
  {
    what: 'push after close',
    fn: (_ins, outs) => {
      outs.out.close();
      outs.out.push(1);
    },
    cause: PortError,
    message: /^stream "bad" failed: bad\.out: push after close; .*Do not push once an output is closed\.$/,
  },
  {
    what: 'pop on an empty input',
    fn: (ins) => {
      while (ins.in.size > 0) ins.in.pop();
      ins.in.pop();
    },
    cause: PortError,
    message:
      /^stream "bad" failed: bad\.in: pop on an empty input; check size > 0 \(or done\) before calling pop\(\)\.$/,
  },
  {
    what: 'peek on an empty input',
    fn: (ins) => {
      while (ins.in.size > 0) ins.in.pop();
      ins.in.peek();
    },
    cause: PortError,
    message:
      /^stream "bad" failed: bad\.in: peek on an empty input; check size > 0 \(or done\) before calling peek\(\)\.$/,
  },
  {
    what: 'push past capacity in strict mode',
    fn: (_ins, outs) => {
      for (let i = 0; i < 3; i++) outs.out.push(i);
    },
    cause: PortError,
    message:
      /^stream "bad" failed: bad\.out: push into a full connection to sink\.in \(capacity 2\) in strict mode; stop pushing when push\(\) returns false/,
  },
  {
    what: 'run returning a number',
    fn: () => 42,
    cause: MimoError,
    message: /^stream "bad" failed: run\(\) returned 42; it must return true .*or a Promise of one of those\.$/,
  },
  {
    what: 'run returning a string',
    fn: () => 'yes',
    cause: MimoError,
    message: /^stream "bad" failed: run\(\) returned "yes"; it must return true/,
  },
  {
    what: 'run resolving to an object',
    fn: async () => ({ done: true }),
    cause: MimoError,
    message: /^stream "bad" failed: run\(\) resolved to an object; it must return true/,
  },
  {
    what: 'run throwing a string',
    fn: () => {
      throw 'boom';
    },
    cause: Object as unknown as ErrorClass,
    message: /^stream "bad" failed: boom$/,
  },
  {
    what: 'run returning a thenable whose then() throws',
    fn: () => ({
      then() {
        throw new Error('broken thenable');
      },
    }),
    cause: Error,
    message: /^stream "bad" failed: broken thenable$/,
  },
];

describe('reliability: hostile input while running', () => {
  for (const c of runCases) {
    it(`${c.what}: the run rejects with a StreamError naming the stream, caused by ${c.cause.name}`, async () => {
      const wf = new Workflow({ capacity: 2, strict: true });
      const bad = wf.addStream(
        new Stream<{ in: number }, { out: number }>({ name: 'bad', ins: ['in'], outs: ['out'], fn: c.fn as never }),
      );
      wf.addStream(fromIterable([1, 2, 3], { name: 'source' })).pipe(bad);
      const sink = wf.addStream(new Stream<{ in: number }, {}>({ name: 'sink', ins: ['in'], fn: () => {} }));
      bad.pipe(sink);
      const err = await errorOf(() => wf.run());
      expect(err).toBeInstanceOf(StreamError);
      expect((err as StreamError).stream).toBe('bad');
      expect((err as StreamError).message).toMatch(c.message);
      if (c.cause !== (Object as unknown)) expect((err as StreamError).cause).toBeInstanceOf(c.cause);
    });
  }
});

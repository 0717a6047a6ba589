/**
 * Every options object of the public API rejects what it does not know: a
 * misspelt key is a WiringError naming the call, the key, the closest option
 * and the list, and an options argument that is not a plain object (a number,
 * an RxJS-style `thisArg`) fails as clearly.
 */
import {
  Stream,
  WiringError,
  Workflow,
  balance,
  batch,
  broadcast,
  buffer,
  collect,
  concat,
  filter,
  forEach,
  fork,
  fromAsyncIterable,
  fromIterable,
  joinByKey,
  map,
  mapAsync,
  merge,
  mergePreferred,
  partition,
  range,
  scan,
  take,
  tap,
  zip,
  zipWith,
  drop,
  dropWhile,
  takeWhile,
  sliding,
  intersperse,
  defaultIfEmpty,
  reduce,
  distinct,
  distinctUntilChanged,
  flatMap,
  groupBy,
  delay,
  throttle,
  debounce,
  sample,
  groupedWithin,
  idleTimeout,
  completionTimeout,
  keepAlive,
  recover,
} from '../../src/index';
import { testStream } from '../../src/testing';
import { progress, readLines } from '../../src/node';
import { unknownOption } from '../../src/options';

const id = (x: unknown) => x;
async function* none(): AsyncGenerator<number> {}

/** A call with a misspelt or misplaced option, and the exact message it fails with. */
interface OptionCase {
  readonly call: string;
  readonly make: () => unknown;
  readonly message: string;
}

/** Each factory given `{ nmae: 'x' }`, where `name` is its only option (and how the call reads, if not `stage(…, { nmae })`). */
const misspeltName: [string, (o: any) => unknown, string?][] = [
  ['fromIterable', (o) => fromIterable([1], o)],
  ['fromAsyncIterable', (o) => fromAsyncIterable(none(), o)],
  ['range', (o) => range(0, 3, 1, o)],
  ['scan', (o) => scan(id, 0, o)],
  ['take', (o) => take(1, o)],
  ['batch', (o) => batch(2, o)],
  ['batch', (o) => batch(2, 1, o), 'batch(size, startEvery, { nmae })'],
  ['tap', (o) => tap(id, o)],
  ['buffer', (o) => buffer(4, 'backpressure', o)],
  ['broadcast', (o) => broadcast(2, o)],
  ['balance', (o) => balance(2, o)],
  ['partition', (o) => partition(() => 'a', ['a', 'b'], o)],
  ['fork', (o) => fork(id, o)],
  ['merge', (o) => merge(2, o)],
  ['mergePreferred', (o) => mergePreferred('a', ['b'], o)],
  ['concat', (o) => concat(2, o)],
  ['zip', (o) => zip(2, o)],
  ['zipWith', (o) => zipWith(id, ['a', 'b'], o)],
  ['drop', (o) => drop(1, o)],
  ['dropWhile', (o) => dropWhile(id, o)],
  ['sliding', (o) => sliding(2, 1, o)],
  ['defaultIfEmpty', (o) => defaultIfEmpty(0, o)],
  ['reduce', (o) => reduce(id, 0, o)],
  ['distinctUntilChanged', (o) => distinctUntilChanged(undefined, o)],
  ['debounce', (o) => debounce(5, o)],
  ['sample', (o) => sample(5, o)],
  ['groupedWithin', (o) => groupedWithin(2, 5, o)],
  ['idleTimeout', (o) => idleTimeout(5, o)],
  ['completionTimeout', (o) => completionTimeout(5, o)],
  ['keepAlive', (o) => keepAlive(5, () => 0, o)],
  ['recover', (o) => recover(id, o)],
];

/** Stages with options of their own: a misspelt one, the suggestion and the full list. */
const misspeltOption: [string, (o: any) => unknown, string, string, string][] = [
  ['map', (o) => map(id, o), 'onEror', 'onError', 'name, onError'],
  ['filter', (o) => filter(id, o), 'onerror', 'onError', 'name, onError'],
  ['takeWhile', (o) => takeWhile(id, o), 'inclusiv', 'inclusive', 'name, inclusive'],
  ['intersperse', (o) => intersperse(',', o), 'strat', 'start', 'name, start, end'],
  ['distinct', (o) => distinct(id, o), 'maxKey', 'maxKeys', 'name, maxKeys, onOverflow'],
  ['flatMap', (o) => flatMap(() => [], o), 'concurrensy', 'concurrency', 'name, concurrency, size, overflow'],
  ['groupBy', (o) => groupBy(id, () => map(id), o), 'maxGroup', 'maxGroups', 'name, maxGroups, onOverflow, capacity'],
  ['delay', (o) => delay(5, o), 'sise', 'size', 'name, size'],
  ['throttle', (o) => throttle(1, 5, o), 'brust', 'burst', 'name, burst'],
];

const cases: OptionCase[] = [
  ...misspeltName.map(([stage, make, call]) => ({
    call: call ?? `${stage}(…, { nmae })`,
    make: () => make({ nmae: 'x' }),
    message: `${stage}(…, options): unknown option "nmae"; did you mean "name"? The options are: name.`,
  })),
  ...misspeltOption.map(([stage, make, key, suggestion, list]) => ({
    call: `${stage}(…, { ${key} })`,
    make: () => make({ [key]: 1 }),
    message: `${stage}(…, options): unknown option "${key}"; did you mean "${suggestion}"? The options are: ${list}.`,
  })),
  {
    call: 'collect({ nme })',
    make: () => collect({ nme: 'sink' } as never),
    message: 'collect(options): unknown option "nme"; did you mean "name"? The options are: name.',
  },
  {
    call: 'mapAsync(fn, { concurency })',
    make: () => mapAsync(id, { concurency: 4 } as never),
    message:
      'mapAsync(…, options): unknown option "concurency"; did you mean "concurrency"? ' +
      'The options are: name, concurrency, ordered, onError, retry.',
  },
  {
    call: 'mapAsync(fn, { orderd })',
    make: () => mapAsync(id, { concurrency: 2, orderd: false } as never),
    message:
      'mapAsync(…, options): unknown option "orderd"; did you mean "ordered"? The options are: name, concurrency, ordered, onError, retry.',
  },
  {
    call: 'forEach(fn, { concurency })',
    make: () => forEach(id, { concurency: 2 } as never),
    message:
      'forEach(…, options): unknown option "concurency"; did you mean "concurrency"? ' +
      'The options are: name, concurrency, onError, retry.',
  },
  {
    call: 'joinByKey(keyFn, names, { maxkeys })',
    make: () => joinByKey(id, ['a', 'b'], { maxkeys: 10 } as never),
    message:
      'joinByKey(…, options): unknown option "maxkeys"; did you mean "maxKeys"? The options are: name, maxKeys, onOverflow.',
  },
  {
    call: 'joinByKey(keyFn, names, { overflow })',
    make: () => joinByKey(id, ['a', 'b'], { overflow: 'evict-oldest' } as never),
    message:
      'joinByKey(…, options): unknown option "overflow"; did you mean "onOverflow"? The options are: name, maxKeys, onOverflow.',
  },
  {
    call: 'map(fn, { factor }) with a thisArg object',
    make: () => map(id, { factor: 2 } as never),
    message: 'map(…, options): unknown option "factor". The options are: name, onError.',
  },
  {
    call: 'map(fn, thisArg) with a class instance',
    make: () => map(id, new (class Multiplier {})() as never),
    message:
      "map(…, options): options must be a plain object such as { name: 'map' }; got an instance of Multiplier. " +
      'A stage takes no thisArg: use an arrow function, or bind the function.',
  },
  {
    call: 'filter(pred, thisArg) with a class instance without own fields',
    make: () => filter(id, new Map() as never),
    message:
      "filter(…, options): options must be a plain object such as { name: 'filter' }; got an instance of Map. " +
      'A stage takes no thisArg: use an arrow function, or bind the function.',
  },
  {
    call: 'map(fn, 42)',
    make: () => map(id, 42 as never),
    message: "map(…, options): options must be a plain object such as { name: 'map' }; got 42.",
  },
  {
    call: "take(2, 'first')",
    make: () => take(2, 'first' as never),
    message: `take(…, options): options must be a plain object such as { name: 'take' }; got "first".`,
  },
  {
    call: 'batch(2, [1])',
    make: () => batch(2, 1, [1] as never),
    message: "batch(…, options): options must be a plain object such as { name: 'batch' }; got an array of 1.",
  },
  {
    call: 'tap({ nxt })',
    make: () => tap({ nxt: id } as never),
    message:
      'tap(observer): unknown option "nxt"; did you mean "next"? ' +
      'The options are: next, error, complete, subscribe, unsubscribe, finalize.',
  },
  {
    call: 'tap({ complete: true })',
    make: () => tap({ complete: true } as never),
    message: 'tap(observer): complete must be a function; got true.',
  },
  {
    call: 'tap(42)',
    make: () => tap(42 as never),
    message:
      'tap(fnOrObserver): expected a function or an observer such as { next, complete }; got 42. ' +
      'For example: tap((x) => console.log(x)).',
  },
  {
    call: 'readLines(path, { encodng })',
    make: () => readLines('/no/such/file', { encodng: 'latin1' } as never),
    message:
      'readLines(path, options): unknown option "encodng"; did you mean "encoding"? The options are: name, encoding.',
  },
  {
    call: 'progress(workflow, { lable })',
    make: () => progress(new Workflow(), { lable: 'etl' } as never),
    message:
      'progress(workflow, options): unknown option "lable"; did you mean "label"? The options are: interval, output, label.',
  },
  {
    call: 'progress(workflow, 500)',
    make: () => progress(new Workflow(), 500 as never),
    message: 'progress(workflow, options): options must be an object; got 500.',
  },
  {
    call: 'workflow.metrics({ interval })',
    make: () => new Workflow().metrics({ interval: 500 } as never),
    message: 'workflow.metrics(interval): expected a positive number of milliseconds; got an object.',
  },
  {
    call: 'new Stream({ fnn })',
    make: () => new Stream({ fnn: id } as never),
    message:
      'new Stream(options): unknown option "fnn"; did you mean "fn"? ' +
      'The options are: name, ins, outs, fn, state, finalize, sync, decoupled, recovers, demand.',
  },
  {
    call: 'new Workflow({ strcit })',
    make: () => new Workflow({ strcit: true } as never),
    message:
      'new Workflow(options): unknown option "strcit"; did you mean "strict"? ' +
      'The options are: capacity, strict, scheduler, runsPerSlice.',
  },
  {
    call: 'new Workflow({ x })',
    make: () => new Workflow({ x: 1 } as never),
    message: 'new Workflow(options): unknown option "x". The options are: capacity, strict, scheduler, runsPerSlice.',
  },
];

describe('stages/options', () => {
  for (const c of cases) {
    it(`${c.call} fails with a WiringError naming the call and the option`, () => {
      let error: unknown;
      try {
        c.make();
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(WiringError);
      expect((error as Error).message).toBe(c.message);
    });
  }

  it('testStream(stream, inputs, { capcity }) rejects with a WiringError naming the option', async () => {
    await expectAsync(testStream(map(id), { in: [1] }, { capcity: 2 } as never)).toBeRejectedWith(
      new WiringError(
        'testStream(stream, inputs, options): unknown option "capcity"; did you mean "capacity"? ' +
          'The options are: capacity, strict.',
      ),
    );
  });

  it('accepts every known option, and undefined for none', async () => {
    expect(map(id, { name: 'double' }).name).toBe('double');
    expect(map(id, undefined).name).toBe('map');
    expect(mapAsync(id, { name: 'fetch', concurrency: 2, ordered: false }).name).toBe('fetch');
    expect(forEach(id, { concurrency: 2 }).name).toBe('forEach');
    expect(joinByKey(id, ['a', 'b'], { maxKeys: 3, onOverflow: 'evict-oldest' }).name).toBe('joinByKey');
    expect(collect({ name: 'sink' }).name).toBe('sink');
    expect(fromIterable([1], Object.create(null)).name).toBe('fromIterable');
    expect(
      await testStream(
        map((x: number) => x + 1),
        { in: [1] },
        { capacity: 1, strict: true },
      ),
    ).toEqual({
      out: [2],
    });
  });

  describe('the suggestion', () => {
    const known = ['capacity', 'strict', 'scheduler'];
    const suggestion = (key: string, names = known) =>
      /did you mean "(.*)"\?/.exec(unknownOption({ [key]: 1 }, names, 'f')!.message)?.[1];

    it('is the known name fewest edits away, not the first one near enough', () => {
      expect(suggestion('fnn', ['name', 'ins', 'outs', 'fn'])).toBe('fn');
      expect(suggestion('schduler')).toBe('scheduler');
    });

    it('counts a swap of two neighbouring letters as one edit, and ignores case', () => {
      expect(suggestion('strcit')).toBe('strict');
      expect(suggestion('CAPACITY')).toBe('capacity');
    });

    it('goes to the earlier known name on a tie', () => {
      expect(suggestion('xy', ['xa', 'ay'])).toBe('xa');
      expect(suggestion('xy', ['ay', 'xa'])).toBe('ay');
    });

    it('is given only within a third of the key length (at least one edit)', () => {
      expect(suggestion('x', ['fn', 'ins'])).toBeUndefined();
      expect(suggestion('sz', ['size'])).toBeUndefined();
      expect(suggestion('capcty')).toBe('capacity');
      expect(suggestion('cpcty')).toBeUndefined();
    });
  });
});

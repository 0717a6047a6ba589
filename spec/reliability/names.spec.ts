/**
 * Names that are members of every object (`toString`, `constructor`,
 * `hasOwnProperty`, `valueOf`…) work as port names and exposed names like any
 * other: every stage that keys items by port name, and `asOperator`, give
 * objects whose own keys are exactly those names. `__proto__`, which would set
 * an object's prototype instead of naming a key, is refused with a
 * `WiringError` wherever a name is given.
 */
import * as fc from 'fast-check';
import { lastValueFrom, of, toArray, type Observable } from 'rxjs';
import {
  Stream,
  WiringError,
  Workflow,
  asOperator,
  balance,
  broadcast,
  concat,
  joinByKey,
  merge,
  mergePreferred,
  partition,
  zip,
  zipWith,
} from '../../src/index';
import { testStream } from '../../src/testing';
import { PROPERTY_TIMEOUT, assertProperty } from './support/property';

const NAMES = [
  'toString',
  'constructor',
  'hasOwnProperty',
  'valueOf',
  '__defineGetter__',
  'isPrototypeOf',
  'a',
  '__proto__',
];

const STAGES = [
  'zip',
  'zipWith',
  'joinByKey',
  'partition',
  'broadcast',
  'balance',
  'merge',
  'mergePreferred',
  'concat',
] as const;
type StageKind = (typeof STAGES)[number];

/** Each name's input items: 1, 2, 3 shifted by the name's place, so that every item says where it came from. */
const itemsOf = (names: readonly string[]) =>
  Object.fromEntries(names.map((n, k) => [n, [1, 2, 3].map((x) => x + 10 * k)]));

/** Builds the stage (throws a WiringError for "__proto__") and runs it alone; what each output got, as JSON. */
async function runStage(kind: StageKind, names: string[]): Promise<string> {
  const n = names.length;
  const fanOut = (stage: Stream<any, any>) => testStream(stage, { in: [0, 1, 2, 3, 4, 5] });
  const fanIn = (stage: Stream<any, any>) => testStream(stage, itemsOf(names));
  const out = await (() => {
    switch (kind) {
      case 'zip':
        return fanIn(zip(names));
      case 'zipWith':
        return fanIn(
          zipWith(
            (set: Record<string, number>) =>
              Object.keys(set)
                .map((k) => `${k}=${set[k]}`)
                .join(' '),
            names,
          ),
        );
      case 'joinByKey':
        return fanIn(joinByKey((x: number) => x % 10, names));
      case 'partition':
        return fanOut(partition((x: number) => names[x % n], names));
      case 'broadcast':
        return fanOut(broadcast(names));
      case 'balance':
        return fanOut(balance(names));
      case 'merge':
        return fanIn(merge(names));
      case 'mergePreferred':
        return fanIn(mergePreferred(names[0], names.slice(1)));
      case 'concat':
        return fanIn(concat(names));
    }
  })();
  // Items of unordered stages sorted, so that the JSON is the one the reference gives.
  const sortedOut = (xs: unknown[]) =>
    kind === 'merge' || kind === 'mergePreferred' ? [...(xs as number[])].sort((p, q) => p - q) : xs;
  const keysOf = (first: unknown) => (typeof first === 'object' && first !== null ? Object.keys(first) : []);
  return JSON.stringify(Object.keys(out).map((k) => [k, sortedOut(out[k]), keysOf(out[k][0])]));
}

/** What `runStage` must give. */
function reference(kind: StageKind, names: string[]): string {
  const n = names.length;
  const items = itemsOf(names);
  const sets = [0, 1, 2].map((i) => Object.fromEntries(names.map((name) => [name, items[name][i]])));
  const keyed = (out: unknown[]) => [['out', out, typeof out[0] === 'object' ? names : []]];
  const all = [0, 1, 2, 3, 4, 5];
  let result: unknown[];
  switch (kind) {
    case 'zip':
      result = keyed(sets);
      break;
    case 'zipWith':
      result = keyed(sets.map((set) => names.map((k) => `${k}=${set[k]}`).join(' ')));
      break;
    case 'joinByKey':
      result = keyed(sets);
      break;
    case 'partition':
      result = names.map((name, k) => [name, all.filter((x) => x % n === k), []]);
      break;
    case 'broadcast':
      result = names.map((name) => [name, all, []]);
      break;
    case 'balance':
      // Each output has room for everything, so turns rotate: output k gets items k, k + n, …
      result = names.map((name, k) => [name, all.filter((x) => x % n === k), []]);
      break;
    case 'merge':
    case 'mergePreferred':
      result = keyed(names.flatMap((name) => items[name]).sort((p, q) => p - q));
      break;
    case 'concat':
      result = keyed(names.flatMap((name) => items[name]));
      break;
  }
  return JSON.stringify(result);
}

describe('reliability: names that are members of every object', () => {
  it(
    'key stage outputs like any other name, and "__proto__" is refused',
    async () => {
      await assertProperty(
        'names/stages',
        fc.record({
          kind: fc.constantFrom(...STAGES),
          names: fc.uniqueArray(fc.constantFrom(...NAMES), { minLength: 2, maxLength: 3 }),
        }),
        async ({ kind, names }) => {
          let got: string;
          try {
            got = await runStage(kind, names);
          } catch (err) {
            if (
              names.includes('__proto__') &&
              err instanceof WiringError &&
              /"__proto__" is not a valid port name/.test(err.message)
            )
              return;
            throw err;
          }
          if (names.includes('__proto__')) throw new Error(`${kind} took the port name "__proto__": ${got}`);
          const want = reference(kind, names);
          if (got !== want) throw new Error(`${kind}(${JSON.stringify(names)}) gave ${got}, expected ${want}`);
        },
        200,
      );
    },
    PROPERTY_TIMEOUT,
  );

  it(
    'name what asOperator takes and gives, in an object without a prototype, and "__proto__" is refused',
    async () => {
      await assertProperty(
        'names/asOperator',
        fc.record({ input: fc.constantFrom(...NAMES), output: fc.constantFrom(...NAMES) }),
        async ({ input, output }) => {
          const build = () => {
            const wf = new Workflow();
            const pass = wf.addStream(new Stream({ name: 'pass', ins: ['in'], outs: ['out'] }));
            // One call each: an input and an output may have the same name.
            wf.expose(Object.fromEntries([[input, pass.input('in')]]));
            return wf.expose(Object.fromEntries([[output, pass.output('out')]]));
          };
          const op = asOperator<Record<string, number>, Record<string, number>>(build);
          const refused = input === '__proto__' || output === '__proto__';
          let outs: Record<string, Observable<number>>;
          try {
            outs = op(Object.fromEntries([[input, of(1, 2)]]));
          } catch (err) {
            if (
              refused &&
              err instanceof WiringError &&
              err.message.startsWith('expose(): "__proto__" cannot be an exposed name')
            )
              return;
            throw err;
          }
          if (refused) throw new Error('"__proto__" was taken as an exposed name');
          const problems: string[] = [];
          if (Object.getPrototypeOf(outs) !== null) problems.push('the outputs object has a prototype');
          if (JSON.stringify(Object.keys(outs)) !== JSON.stringify([output]))
            problems.push(`the outputs are ${JSON.stringify(Object.keys(outs))}, expected ${JSON.stringify([output])}`);
          const got = await lastValueFrom(outs[output].pipe(toArray()));
          if (JSON.stringify(got) !== '[1,2]') problems.push(`${output} gave ${JSON.stringify(got)}`);
          if (problems.length > 0) throw new Error(problems.join('\n'));
        },
        100,
      );
    },
    PROPERTY_TIMEOUT,
  );
});

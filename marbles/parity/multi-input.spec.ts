/**
 * Parity of the fan-in stages with RxJS's `zipWith`, `mergeWith` and
 * `concatWith`: the piped source goes into the stage's first input and each
 * other input is an Observable source of the workflow (`addSource`), so each
 * case's marbles — values, frames, completion, errors and every source's
 * subscription — hold for RxJS's operator and for the stage alone in a
 * workflow turned operator (`toOperator`), in virtual time. A case where
 * rx-mimo differs by design keeps its own column, and the table lists it.
 */
import { concatWith, mergeWith, zip as rxZip, zipWith as rxZipWith } from 'rxjs';
import { MimoError, concat, merge, zipWith, type Stream } from '../../src/index';
import { fanInParity, type FanIn } from './support';

const n = { a: 1, b: 2, c: 3, d: 4, e: 5, f: 6, g: 7, h: 8 };
const sourceError = new Error('source failed');
const otherError = new Error('other input failed');
const fnError = new Error('fn failed');

/** The stage's items as RxJS's zip gives them: one array per set, inputs in order. */
const tuples: FanIn<number, number[]> = (names) =>
  zipWith((set: Record<string, number>) => names.map((name) => set[name]), names);

/** The error of a run whose piped source overflowed its connection (capacity 2): rx-mimo's own. */
const overflowError = new MimoError(
  'the Observable emitted while input in0.out was full: zipWith.in0 (capacity 2). An Observable cannot be paused; ' +
    "give the connection more capacity, or choose fromObservable(input, { overflow: 'drop-newest' | 'drop-oldest' | 'unbounded' }).",
);

const bounded =
  'a connection is bounded: an Observable source that runs ahead fails the run (overflow: error); RxJS buffers without bound';

fanInParity<number, number[]>(
  'parity: zipWith',
  { rx: (others) => rxZipWith(...others), stage: tuples },
  [
    {
      name: 'one item of each input per set, in order',
      sources: [
        { cold: { marble: /*    */ '-a--b---c|', values: n } },
        { cold: { marble: /*    */ '--e-f-g|', values: n } },
      ],
      expected: {
        out: { marble: /*       */ '--x-y---(z|)', values: { x: [1, 5], y: [2, 6], z: [3, 7] } },
        subscriptions: [/*      */ '^-------!', '^------!'],
      },
    },
    {
      name: 'three inputs, from hot sources subscribed late',
      sources: [
        { hot: { marble: /*     */ '-a^-b---c----|', values: n } },
        { hot: { marble: /*     */ '--^d---e---f-|', values: n } },
        { hot: { marble: /*     */ 'g-^---h-----a|', values: n } },
      ],
      expected: {
        out: { marble: /*       */ '  ----x-----y|', values: { x: [2, 4, 8], y: [3, 5, 1] } },
        subscriptions: [/*      */ '  ^----------!', '  ^----------!', '  ^----------!'],
      },
    },
    {
      name: 'completes when an input completes with nothing waiting',
      sources: [
        { hot: { marble: /*     */ '-a---b---c|', values: n } },
        { hot: { marble: /*     */ '---e|', values: n } },
      ],
      expected: {
        out: { marble: /*       */ '---x|', values: { x: [1, 5] } },
        subscriptions: [/*      */ '^---!', '^---!'],
      },
    },
    {
      name: 'an input that completed with items waiting completes the rest when they are taken',
      sources: [
        { hot: { marble: /*     */ '-a-b-c|', values: n } },
        { hot: { marble: /*     */ '--------e--f----g|', values: n } },
      ],
      expected: {
        out: { marble: /*       */ '--------x--y----(z|)', values: { x: [1, 5], y: [2, 6], z: [3, 7] } },
        subscriptions: [/*      */ '^-----!', '^---------------!'],
      },
    },
    {
      name: 'an empty input completes at once',
      sources: [{ cold: { marble: /* */ '-a-b|', values: n } }, { cold: { marble: /* */ '|' } }],
      expected: {
        out: { marble: /*       */ '|' },
        subscriptions: [/*      */ '(^!)', '(^!)'],
      },
    },
    {
      name: 'an input that never emits holds everything back',
      sources: [{ cold: { marble: /* */ '-a-b|', values: n } }, { cold: { marble: /* */ '-' } }],
      expected: {
        out: { marble: /*       */ '-' },
        subscriptions: [/*      */ '^---!', '^'],
      },
    },
    {
      name: 'a source error, the very error, unsubscribes every input',
      sources: [
        { cold: { marble: /*    */ '-a---#', values: n, error: sourceError } },
        { hot: { marble: /*     */ '--e-f--g|', values: n } },
      ],
      expected: {
        out: { marble: /*       */ '--x--#', values: { x: [1, 5] }, error: sourceError },
        subscriptions: [/*      */ '^----!', '^----!'],
      },
    },
    {
      name: 'an error on another input, the very error',
      sources: [
        { hot: { marble: /*     */ '-a-b-c-d|', values: n } },
        { hot: { marble: /*     */ '--e-#', values: n, error: otherError } },
      ],
      expected: {
        out: { marble: /*       */ '--x-#', values: { x: [1, 5] }, error: otherError },
        subscriptions: [/*      */ '^---!', '^---!'],
      },
    },
    {
      name: 'fn throws, as a result selector of RxJS zip',
      sources: [
        { cold: { marble: /*    */ '-a-b-c|', values: n } },
        { cold: { marble: /*    */ '-e-f-g|', values: n } },
      ],
      expected: {
        out: { marble: /*       */ '-x-#', values: { x: [1, 5] }, error: fnError },
        subscriptions: [/*      */ '^--!', '^--!'],
      },
      rx: (others) => (source) =>
        rxZip([source, ...others], (...xs: number[]) => {
          if (xs[0] === 2) throw fnError;
          return xs;
        }),
      stage: (names) =>
        zipWith((set: Record<string, number>) => {
          if (set.in0 === 2) throw fnError;
          return names.map((name) => set[name]);
        }, names),
    },
    {
      name: 'early unsubscription of the result unsubscribes every input',
      sources: [
        { hot: { marble: /*     */ '-a-b-c-d|', values: n } },
        { hot: { marble: /*     */ '--e-f-g-h|', values: n } },
      ],
      unsubscribe: /*           */ '^----!',
      expected: {
        out: { marble: /*       */ '--x-y-', values: { x: [1, 5], y: [2, 6] } },
        subscriptions: [/*      */ '^----!', '^----!'],
      },
    },
    {
      name: 'an input far ahead of the other, with room for its lead',
      sources: [
        { hot: { marble: /*     */ '-(abcd)---|', values: n } },
        { hot: { marble: /*     */ '-----(efg|)', values: n } },
      ],
      capacity: 4,
      expected: {
        out: { marble: /*       */ '-----(xyz|)', values: { x: [1, 5], y: [2, 6], z: [3, 7] } },
        subscriptions: [/*      */ '^----!', '^----!'],
      },
    },
    {
      name: 'an input far ahead of the other, unbounded by choice',
      sources: [
        { hot: { marble: /*     */ '-(abcd)---|', values: n } },
        { hot: { marble: /*     */ '-----(efg|)', values: n } },
      ],
      capacity: 2,
      overflow: 'unbounded',
      expected: {
        out: { marble: /*       */ '-----(xyz|)', values: { x: [1, 5], y: [2, 6], z: [3, 7] } },
        subscriptions: [/*      */ '^----!', '^----!'],
      },
    },
    {
      name: 'an input far ahead of the other, past its capacity',
      sources: [
        { hot: { marble: /*     */ '-(abcd)---|', values: n } },
        { hot: { marble: /*     */ '-----(efg|)', values: n } },
      ],
      capacity: 2,
      expected: {
        out: { marble: /*       */ '-----(xyz|)', values: { x: [1, 5], y: [2, 6], z: [3, 7] } },
        subscriptions: [/*      */ '^----!', '^----!'],
      },
      mimo: {
        reason: bounded,
        out: { marble: /*       */ '-#', error: overflowError },
        subscriptions: [/*      */ '^!', '^!'],
        ownError: true,
      },
    },
  ],
  { 'an input far ahead of the other, past its capacity': bounded },
);

const merged = (names: readonly string[]) => merge(names) as Stream<Record<string, number>, { out: number }>;

fanInParity<number, number>(
  'parity: mergeWith',
  { rx: (others) => mergeWith(...others), stage: merged },
  [
    {
      name: 'items as they come, completing when every input has',
      sources: [
        { cold: { marble: /*    */ '-a---c|', values: n } },
        { hot: { marble: /*     */ '--b---d---|', values: n } },
      ],
      expected: {
        out: { marble: /*       */ '-ab--cd---|', values: n },
        subscriptions: [/*      */ '^-----!', '^---------!'],
      },
    },
    {
      name: 'items of one frame in the order the inputs were given',
      sources: [
        { hot: { marble: /*     */ '-a----c|', values: n } },
        { hot: { marble: /*     */ '-b----d-----|', values: n } },
        { hot: { marble: /*     */ '------e|', values: n } },
      ],
      expected: {
        out: { marble: /*       */ '-(ab)-(cde)-|', values: n },
        subscriptions: [/*      */ '^------!', '^-----------!', '^------!'],
      },
    },
    {
      name: 'synchronous cold inputs, one after the other',
      sources: [{ cold: { marble: /* */ '(ab|)', values: n } }, { cold: { marble: /* */ '(cd|)', values: n } }],
      expected: {
        out: { marble: /*       */ '(abcd|)', values: n },
        subscriptions: [/*      */ '(^!)', '(^!)'],
      },
    },
    {
      name: 'a synchronous burst larger than a connection drains as it comes',
      sources: [
        { cold: { marble: /*    */ '(abcde|)', values: n } },
        { cold: { marble: /*    */ '--------f|', values: n } },
      ],
      capacity: 2,
      expected: {
        out: { marble: /*       */ '(abcde)-f|', values: n },
        subscriptions: [/*      */ '(^!)', '^--------!'],
      },
    },
    {
      name: 'every input empty',
      sources: [{ cold: { marble: /* */ '|' } }, { cold: { marble: /* */ '--|' } }],
      expected: {
        out: { marble: /*       */ '--|' },
        subscriptions: [/*      */ '(^!)', '^-!'],
      },
    },
    {
      name: 'an input that never ends keeps it open',
      sources: [{ cold: { marble: /* */ '-a|', values: n } }, { cold: { marble: /* */ '---b-', values: n } }],
      expected: {
        out: { marble: /*       */ '-a-b-', values: n },
        subscriptions: [/*      */ '^-!', '^'],
      },
    },
    {
      name: 'a source error, the very error, unsubscribes every input',
      sources: [
        { cold: { marble: /*    */ '-a--#', values: n, error: sourceError } },
        { hot: { marble: /*     */ '--b---c|', values: n } },
      ],
      expected: {
        out: { marble: /*       */ '-ab-#', values: n, error: sourceError },
        subscriptions: [/*      */ '^---!', '^---!'],
      },
    },
    {
      name: 'an error on another input, the very error',
      sources: [
        { hot: { marble: /*     */ '-a---c|', values: n } },
        { cold: { marble: /*    */ '--b#', values: n, error: otherError } },
      ],
      expected: {
        out: { marble: /*       */ '-ab#', values: n, error: otherError },
        subscriptions: [/*      */ '^--!', '^--!'],
      },
    },
    {
      name: 'early unsubscription of the result unsubscribes every input',
      sources: [
        { hot: { marble: /*     */ '-a---c---|', values: n } },
        { hot: { marble: /*     */ '---b---d-|', values: n } },
      ],
      unsubscribe: /*           */ '^----!',
      expected: {
        out: { marble: /*       */ '-a-b--', values: n },
        subscriptions: [/*      */ '^----!', '^----!'],
      },
    },
  ],
);

const concatenated = (names: readonly string[]) => concat(names) as Stream<Record<string, number>, { out: number }>;

fanInParity<number, number>(
  'parity: concatWith',
  { rx: (others) => concatWith(...others), stage: concatenated },
  [
    {
      name: 'the next input is subscribed when the one before completes',
      sources: [{ cold: { marble: /* */ '-a-b|', values: n } }, { cold: { marble: /* */ '-c-d|', values: n } }],
      expected: {
        out: { marble: /*       */ '-a-b-c-d|', values: n },
        subscriptions: [/*      */ '^---!', '----^---!'],
      },
    },
    {
      name: 'a hot later input: what it emitted before its turn is missed',
      sources: [{ cold: { marble: /* */ '--a|', values: n } }, { hot: { marble: /* */ '-b--c-|', values: n } }],
      expected: {
        out: { marble: /*       */ '--a-c-|', values: n },
        subscriptions: [/*      */ '^--!', '---^--!'],
      },
    },
    {
      name: 'three inputs, an empty one between',
      sources: [
        { cold: { marble: /*    */ '-a|', values: n } },
        { cold: { marble: /*    */ '|' } },
        { cold: { marble: /*    */ '--b|', values: n } },
      ],
      expected: {
        out: { marble: /*       */ '-a--b|', values: n },
        subscriptions: [/*      */ '^-!', '--(^!)', '--^--!'],
      },
    },
    {
      name: 'synchronous cold inputs, one after the other',
      sources: [{ cold: { marble: /* */ '(ab|)', values: n } }, { cold: { marble: /* */ '(cd|)', values: n } }],
      expected: {
        out: { marble: /*       */ '(abcd|)', values: n },
        subscriptions: [/*      */ '(^!)', '(^!)'],
      },
    },
    {
      name: 'an input that never completes: the next is never subscribed',
      sources: [{ cold: { marble: /* */ '-a--', values: n } }, { cold: { marble: /* */ '-b|', values: n } }],
      expected: {
        out: { marble: /*       */ '-a--', values: n },
        subscriptions: [/*      */ '^', []],
      },
    },
    {
      name: 'a source error, the very error: the next is never subscribed',
      sources: [
        { cold: { marble: /*    */ '-a-#', values: n, error: sourceError } },
        { cold: { marble: /*    */ '-b|', values: n } },
      ],
      expected: {
        out: { marble: /*       */ '-a-#', values: n, error: sourceError },
        subscriptions: [/*      */ '^--!', []],
      },
    },
    {
      name: 'an error on the later input, the very error',
      sources: [
        { cold: { marble: /*    */ '-a|', values: n } },
        { cold: { marble: /*    */ '-b-#', values: n, error: otherError } },
      ],
      expected: {
        out: { marble: /*       */ '-a-b-#', values: n, error: otherError },
        subscriptions: [/*      */ '^-!', '--^--!'],
      },
    },
    {
      name: 'early unsubscription during the later input',
      sources: [{ cold: { marble: /* */ '-a|', values: n } }, { cold: { marble: /* */ '-b-c-d|', values: n } }],
      unsubscribe: /*           */ '^-----!',
      expected: {
        out: { marble: /*       */ '-a-b-c-', values: n },
        subscriptions: [/*      */ '^-!', '--^---!'],
      },
    },
    {
      name: 'early unsubscription before the later input’s turn: it is never subscribed',
      sources: [{ cold: { marble: /* */ '-a---b|', values: n } }, { cold: { marble: /* */ '-c|', values: n } }],
      unsubscribe: /*           */ '^--!',
      expected: {
        out: { marble: /*       */ '-a--', values: n },
        subscriptions: [/*      */ '^--!', []],
      },
    },
  ],
);

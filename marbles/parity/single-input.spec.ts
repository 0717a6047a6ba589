/**
 * Parity of the single-input stages with the RxJS operators of the same name:
 * each case's marbles hold for RxJS's operator and for the stage alone in a
 * workflow turned operator (`toOperator`), in virtual time. A case where
 * rx-mimo differs by design keeps its own column, with the reason.
 */
import {
  bufferCount,
  filter as rxFilter,
  map as rxMap,
  scan as rxScan,
  take as rxTake,
  tap as rxTap,
  type TapObserver as RxTapObserver,
} from 'rxjs';
import { batch, filter, map, scan, take, tap, type TapObserver } from '../../src/index';
import { parity, type Note, type Pair } from './support';

const n = { a: 1, b: 2, c: 3, d: 4, e: 5 };
const sourceError = new Error('source failed');
const fnError = new Error('fn failed');

/** Throws `fnError` at the item `at`, else gives `f(x)`. */
const throwingAt =
  <R>(at: number, f: (x: number) => R) =>
  (x: number): R => {
    if (x === at) throw fnError;
    return f(x);
  };

parity<number, number>('parity: map', { rx: () => rxMap((x) => x * 10), stage: () => map((x: number) => x * 10) }, [
  {
    name: 'values and completion, from a cold source',
    cold: { marble: /*        */ '-a-b-c|', values: n },
    expected: {
      out: { marble: /*       */ '-A-B-C|', values: { A: 10, B: 20, C: 30 } },
      subscriptions: /*       */ '^-----!',
    },
  },
  {
    name: 'the index, from a hot source subscribed late',
    hot: { marble: /*         */ '-a-^b-c-d|', values: n },
    expected: {
      out: { marble: /*       */ '   -B-C-D|', values: { B: 20, C: 31, D: 42 } },
      subscriptions: /*       */ '   ^-----!',
    },
    rx: () => rxMap((x, i) => x * 10 + i),
    stage: () => map((x: number, i: number) => x * 10 + i),
  },
  {
    name: 'an empty source',
    cold: { marble: /*        */ '|' },
    expected: {
      out: { marble: /*       */ '|' },
      subscriptions: /*       */ '(^!)',
    },
  },
  {
    name: 'a source that never ends',
    cold: { marble: /*        */ '-a--', values: n },
    expected: {
      out: { marble: /*       */ '-A--', values: { A: 10 } },
      subscriptions: /*       */ '^---',
    },
  },
  {
    name: 'a source error, the very error',
    cold: { marble: /*        */ '-a-b-#', values: n, error: sourceError },
    expected: {
      out: { marble: /*       */ '-A-B-#', values: { A: 10, B: 20 }, error: sourceError },
      subscriptions: /*       */ '^----!',
    },
  },
  {
    name: 'fn throws',
    cold: { marble: /*        */ '-a-b-c|', values: n },
    expected: {
      out: { marble: /*       */ '-A-#', values: { A: 10 }, error: fnError },
      subscriptions: /*       */ '^--!',
    },
    rx: () => rxMap(throwingAt(2, (x) => x * 10)),
    stage: () => map(throwingAt(2, (x) => x * 10)),
  },
  {
    name: 'early unsubscription of the result',
    hot: { marble: /*         */ '-a-b-c-d|', values: n },
    unsubscribe: /*           */ '^----!',
    expected: {
      out: { marble: /*       */ '-A-B--', values: { A: 10, B: 20 } },
      subscriptions: /*       */ '^----!',
    },
  },
]);

const odd: Pair<number, number> = {
  rx: () => rxFilter((x) => x % 2 === 1),
  stage: () => filter((x: number) => x % 2 === 1),
};

parity<number, number>('parity: filter', odd, [
  {
    name: 'values and completion, from a cold source',
    cold: { marble: /*        */ '-a-b-c-d|', values: n },
    expected: {
      out: { marble: /*       */ '-a---c--|', values: n },
      subscriptions: /*       */ '^-------!',
    },
  },
  {
    name: 'the index, from a hot source',
    hot: { marble: /*         */ '-a-^b-c-d-e|', values: n },
    expected: {
      out: { marble: /*       */ '   -b---d--|', values: n },
      subscriptions: /*       */ '   ^-------!',
    },
    rx: () => rxFilter((_, i) => i % 2 === 0),
    stage: () => filter((_: number, i: number) => i % 2 === 0),
  },
  {
    name: 'a source error, the very error',
    cold: { marble: /*        */ '-a-b-#', values: n, error: sourceError },
    expected: {
      out: { marble: /*       */ '-a---#', values: n, error: sourceError },
      subscriptions: /*       */ '^----!',
    },
  },
  {
    name: 'pred throws',
    cold: { marble: /*        */ '-a-b-c|', values: n },
    expected: {
      out: { marble: /*       */ '-a-#', values: n, error: fnError },
      subscriptions: /*       */ '^--!',
    },
    rx: () => rxFilter(throwingAt(2, () => true)),
    stage: () => filter(throwingAt(2, () => true)),
  },
  {
    name: 'early unsubscription of the result',
    hot: { marble: /*         */ '-a-b-c-d|', values: n },
    unsubscribe: /*           */ '^----!',
    expected: {
      out: { marble: /*       */ '-a----', values: n },
      subscriptions: /*       */ '^----!',
    },
  },
]);

const sums = { a: 1, x: 3, y: 6, z: 10 };

const sum: Pair<number, number> = {
  rx: () => rxScan((acc, x) => acc + x, 0),
  stage: () => scan((acc: number, x: number) => acc + x, 0),
};

parity<number, number>('parity: scan', sum, [
  {
    name: 'with a seed, each accumulator',
    cold: { marble: /*        */ '-a-b-c-d|', values: n },
    expected: {
      out: { marble: /*       */ '-a-x-y-z|', values: sums },
      subscriptions: /*       */ '^-------!',
    },
  },
  {
    name: 'without a seed, the first item as it is',
    cold: { marble: /*        */ '-a-b-c-d|', values: n },
    expected: {
      out: { marble: /*       */ '-a-x-y-z|', values: sums },
      subscriptions: /*       */ '^-------!',
    },
    rx: () => rxScan((acc: number, x: number) => acc + x),
    stage: () => scan((acc: number, x: number) => acc + x),
  },
  {
    name: 'without a seed, the index of the item folded, from a hot source',
    hot: { marble: /*         */ '-a^b-c-d|', values: n },
    expected: {
      out: { marble: /*       */ '  -b-x-y|', values: { b: 2, x: 5, y: 13 } },
      subscriptions: /*       */ '  ^-----!',
    },
    rx: () => rxScan((acc: number, x: number, i) => acc + x * i),
    stage: () => scan((acc: number, x: number, i: number) => acc + x * i),
  },
  {
    name: 'with a seed, an empty source emits nothing',
    cold: { marble: /*        */ '---|' },
    expected: {
      out: { marble: /*       */ '---|' },
      subscriptions: /*       */ '^--!',
    },
    rx: () => rxScan((acc, x: number) => acc + x, 100),
    stage: () => scan((acc: number, x: number) => acc + x, 100),
  },
  {
    name: 'a source error, the very error',
    cold: { marble: /*        */ '-a-b-#', values: n, error: sourceError },
    expected: {
      out: { marble: /*       */ '-a-x-#', values: sums, error: sourceError },
      subscriptions: /*       */ '^----!',
    },
  },
  {
    name: 'without a seed, fn throws at the second item',
    cold: { marble: /*        */ '-a-b-c|', values: n },
    expected: {
      out: { marble: /*       */ '-a-#', values: n, error: fnError },
      subscriptions: /*       */ '^--!',
    },
    rx: () => rxScan((acc: number, x: number) => throwingAt(2, (y) => acc + y)(x)),
    stage: () => scan((acc: number, x: number) => throwingAt(2, (y) => acc + y)(x)),
  },
  {
    name: 'early unsubscription of the result',
    hot: { marble: /*         */ '-a-b-c-d|', values: n },
    unsubscribe: /*           */ '^----!',
    expected: {
      out: { marble: /*       */ '-a-x--', values: sums },
      subscriptions: /*       */ '^----!',
    },
  },
]);

parity<number, number>('parity: take', { rx: () => rxTake(2), stage: () => take<number>(2) }, [
  {
    name: 'completes at the nth item and unsubscribes the source there',
    cold: { marble: /*        */ '-a-b-c-d|', values: n },
    expected: {
      out: { marble: /*       */ '-a-(b|)', values: n },
      subscriptions: /*       */ '^--!',
    },
  },
  {
    name: 'from a hot source',
    hot: { marble: /*         */ '-a-^b-c-d-|', values: n },
    expected: {
      out: { marble: /*       */ '   -b-(c|)', values: n },
      subscriptions: /*       */ '   ^--!',
    },
  },
  {
    name: 'a source that completes first',
    cold: { marble: /*        */ '-a-b|', values: n },
    expected: {
      out: { marble: /*       */ '-a-b|', values: n },
      subscriptions: /*       */ '^---!',
    },
    rx: () => rxTake(5),
    stage: () => take<number>(5),
  },
  {
    // engine: subscribe on demand. RxJS completes at once and never subscribes the source; the stage
    // completes when it first runs (here at the first item, '-|', the source subscribed '^!').
    name: 'take(0)',
    cold: { marble: /*        */ '-a-b|', values: n },
    expected: {
      out: { marble: /*       */ '|' },
      subscriptions: /*       */ [],
    },
    rx: () => rxTake(0),
    stage: () => take<number>(0),
  },
  {
    name: 'a source error before the nth item, the very error',
    cold: { marble: /*        */ '-a-#', values: n, error: sourceError },
    expected: {
      out: { marble: /*       */ '-a-#', values: n, error: sourceError },
      subscriptions: /*       */ '^--!',
    },
  },
  {
    name: 'early unsubscription of the result',
    hot: { marble: /*         */ '-a-b-c-d|', values: n },
    unsubscribe: /*           */ '^--!',
    expected: {
      out: { marble: /*       */ '-a--', values: n },
      subscriptions: /*       */ '^--!',
    },
    rx: () => rxTake(3),
    stage: () => take<number>(3),
  },
]);

const v = (...xs: number[]) => xs;

parity<number, number[]>('parity: batch and bufferCount', { rx: () => bufferCount(2), stage: () => batch<number>(2) }, [
  {
    name: 'batch(2) as bufferCount(2): the last partial batch at completion',
    cold: { marble: /*        */ '-a-b-c-d-e|', values: n },
    expected: {
      out: { marble: /*       */ '---x---y--(z|)', values: { x: v(1, 2), y: v(3, 4), z: v(5) } },
      subscriptions: /*       */ '^---------!',
    },
  },
  {
    name: 'batch(3, 1) as bufferCount(3, 1): overlapping, every open batch at completion',
    cold: { marble: /*        */ '-a-b-c-d|', values: n },
    expected: {
      out: { marble: /*       */ '-----x-y(zw|)', values: { x: v(1, 2, 3), y: v(2, 3, 4), z: v(3, 4), w: v(4) } },
      subscriptions: /*       */ '^-------!',
    },
    rx: () => bufferCount(3, 1),
    stage: () => batch<number>(3, 1),
  },
  {
    name: 'batch(2, 3) as bufferCount(2, 3): the items between batches skipped',
    hot: { marble: /*         */ '-a-b-c-d-e|', values: n },
    expected: {
      out: { marble: /*       */ '---x-----y|', values: { x: v(1, 2), y: v(4, 5) } },
      subscriptions: /*       */ '^---------!',
    },
    rx: () => bufferCount(2, 3),
    stage: () => batch<number>(2, 3),
  },
  {
    name: 'an empty source',
    cold: { marble: /*        */ '--|' },
    expected: {
      out: { marble: /*       */ '--|' },
      subscriptions: /*       */ '^-!',
    },
    rx: () => bufferCount(2, 1),
    stage: () => batch<number>(2, 1),
  },
  {
    name: 'a source error drops the open batches, the very error',
    cold: { marble: /*        */ '-a-b-c-#', values: n, error: sourceError },
    expected: {
      out: { marble: /*       */ '---x---#', values: { x: v(1, 2) }, error: sourceError },
      subscriptions: /*       */ '^------!',
    },
  },
  {
    name: 'early unsubscription of the result',
    hot: { marble: /*         */ '-a-b-c-d|', values: n },
    unsubscribe: /*           */ '^----!',
    expected: {
      out: { marble: /*       */ '---x--', values: { x: v(1, 2) } },
      subscriptions: /*       */ '^----!',
    },
  },
]);

/** An observer that notes every callback, for RxJS's tap and for the stage. */
function noting(note: Note): RxTapObserver<number> & TapObserver<number> {
  return {
    subscribe: () => note('subscribe'),
    next: (x: number) => note(`next ${x}`),
    error: (e: unknown) => note(`error ${(e as Error).message}`),
    complete: () => note('complete'),
    unsubscribe: () => note('unsubscribe'),
    finalize: () => note('finalize'),
  };
}

const lazySubscribe = 'subscribe comes when the stage first runs (its first item or its input closing), not at subscription';

parity<number, number>('parity: tap', { rx: (note) => rxTap(noting(note)), stage: (note) => tap(noting(note)) }, [
  {
    name: 'a function sees each item; the items pass unchanged',
    cold: { marble: /*        */ '-a-b|', values: n },
    expected: {
      out: { marble: /*       */ '-a-b|', values: n },
      subscriptions: /*       */ '^---!',
      notes: ['1 next 1', '3 next 2'],
    },
    rx: (note) => rxTap((x) => note(`next ${x}`)),
    stage: (note) => tap((x: number) => note(`next ${x}`)),
  },
  {
    name: 'an observer hears subscribe, next, complete and finalize',
    cold: { marble: /*        */ '-a-b|', values: n },
    expected: {
      out: { marble: /*       */ '-a-b|', values: n },
      subscriptions: /*       */ '^---!',
      notes: ['0 subscribe', '1 next 1', '3 next 2', '4 complete', '4 finalize'],
    },
    mimo: {
      reason: lazySubscribe,
      out: { marble: /*       */ '-a-b|', values: n },
      subscriptions: /*       */ '^---!',
      notes: ['1 subscribe', '1 next 1', '3 next 2', '4 complete', '4 finalize'],
    },
  },
  {
    name: 'an observer hears subscribe, complete and finalize from an empty source',
    cold: { marble: /*        */ '--|' },
    expected: {
      out: { marble: /*       */ '--|' },
      subscriptions: /*       */ '^-!',
      notes: ['0 subscribe', '2 complete', '2 finalize'],
    },
    mimo: {
      reason: lazySubscribe,
      out: { marble: /*       */ '--|' },
      subscriptions: /*       */ '^-!',
      notes: ['2 subscribe', '2 complete', '2 finalize'],
    },
  },
  {
    name: 'an observer hears a source error, the very error',
    cold: { marble: /*        */ '-a-#', values: n, error: sourceError },
    expected: {
      out: { marble: /*       */ '-a-#', values: n, error: sourceError },
      subscriptions: /*       */ '^--!',
      notes: ['0 subscribe', '1 next 1', '3 error source failed', '3 finalize'],
    },
    mimo: {
      reason: lazySubscribe,
      out: { marble: /*       */ '-a-#', values: n, error: sourceError },
      subscriptions: /*       */ '^--!',
      notes: ['1 subscribe', '1 next 1', '3 error source failed', '3 finalize'],
    },
  },
  {
    name: 'an observer hears unsubscribe on early unsubscription',
    hot: { marble: /*         */ '-a-b-c|', values: n },
    unsubscribe: /*           */ '^--!',
    expected: {
      out: { marble: /*       */ '-a--', values: n },
      subscriptions: /*       */ '^--!',
      notes: ['0 subscribe', '1 next 1', '3 unsubscribe', '3 finalize'],
    },
    mimo: {
      reason: lazySubscribe,
      out: { marble: /*       */ '-a--', values: n },
      subscriptions: /*       */ '^--!',
      notes: ['1 subscribe', '1 next 1', '3 unsubscribe', '3 finalize'],
    },
  },
  {
    name: 'next throws: unsubscribe and finalize, not error',
    cold: { marble: /*        */ '-a-b-c|', values: n },
    expected: {
      out: { marble: /*       */ '-a-#', values: n, error: fnError },
      subscriptions: /*       */ '^--!',
      notes: ['0 subscribe', '1 next 1', '3 unsubscribe', '3 finalize'],
    },
    mimo: {
      reason: lazySubscribe,
      out: { marble: /*       */ '-a-#', values: n, error: fnError },
      subscriptions: /*       */ '^--!',
      notes: ['1 subscribe', '1 next 1', '3 unsubscribe', '3 finalize'],
    },
    rx: (note) => rxTap({ ...noting(note), next: throwingAt(2, (x) => note(`next ${x}`)) }),
    stage: (note) => tap({ ...noting(note), next: throwingAt(2, (x) => note(`next ${x}`)) }),
  },
  ],
  {
    'an observer hears subscribe, next, complete and finalize': lazySubscribe,
    'an observer hears subscribe, complete and finalize from an empty source': lazySubscribe,
    'an observer hears a source error, the very error': lazySubscribe,
    'an observer hears unsubscribe on early unsubscription': lazySubscribe,
    'next throws: unsubscribe and finalize, not error': lazySubscribe,
  },
);

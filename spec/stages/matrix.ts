/**
 * The shared matrix of a one-in one-out stage, as a table: empty, one and
 * many items (at capacities 1 and 16, so that back-pressure is met), an
 * endless upstream stopped by a `take` downstream, an upstream error, a user
 * function that throws, bad arguments, and a fast source into a slow sink
 * with every connection within its capacity.
 */
import { WiringError, type Stream } from '../../src/index';
import { testStream } from '../../src/testing';
import { BOUNDED_TIMEOUT, boundedRun, earlyFinish, expectUpstreamError, peaks } from './support';

export interface Matrix<T, U> {
  /** The stage's name as errors give it. */
  readonly name: string;
  readonly make: () => Stream<{ in: T }, { out: U }>;
  /** What an empty input gives. */
  readonly empty: readonly U[];
  readonly one: readonly [readonly T[], readonly U[]];
  readonly many: readonly [readonly T[], readonly U[]];
  /** Behind `take(n)`, from an endless source of 0, 1, 2, …: what comes out. */
  readonly early?: { readonly n: number; readonly out: readonly U[] };
  /** The stage recovers from an upstream error (its own spec shows how) instead of failing with it. */
  readonly recovers?: boolean;
  /** A stage whose function throws `new Error('no twos')` at the item 2 of [1, 2, 3]. */
  readonly throws?: () => Stream<{ in: number }, any>;
  /** Calls that must throw a WiringError with a message matching the pattern. */
  readonly bad: readonly (readonly [() => unknown, RegExp])[];
  /** A fast source of 0 … n-1 (default 100 000) into a slow sink: what the sink must have received, and the peaks. */
  readonly bounded?: {
    /** The stage to run, when not `make()`'s. */
    readonly make?: () => Stream<{ in: T }, { out: U }>;
    readonly n?: number;
    readonly check: (received: readonly U[]) => void;
    readonly peaks: readonly string[];
  };
}

/** Declares the matrix specs of a stage inside its `describe`. */
export function matrix<T, U>(m: Matrix<T, U>): void {
  it('emits what it must for an empty input', async () => {
    expect(await testStream(m.make(), { in: [] })).toEqual({ out: [...m.empty] });
  });

  it('emits what it must for one item', async () => {
    expect(await testStream(m.make(), { in: [...m.one[0]] })).toEqual({ out: [...m.one[1]] });
  });

  it('emits what it must for many items, in order, whatever the capacity', async () => {
    for (const capacity of [1, 16]) {
      expect(await testStream(m.make(), { in: [...m.many[0]] }, { capacity })).toEqual({ out: [...m.many[1]] });
    }
  });

  const early = m.early;
  if (early !== undefined) {
    it('finishes when downstream finishes early, and its endless upstream stops', async () => {
      const r = await earlyFinish(m.make() as unknown as Stream<{ in: number }, { out: U }>, early.n);
      expect(r.out).toEqual([...early.out]);
      expect(r.sourceFinished).toBe(true);
      expect(r.stage.state).toBe('finished');
    });
  }

  if (m.recovers !== true) {
    it('lets an upstream error fail the workflow', async () => {
      await expectUpstreamError(m.make());
    });
  }

  const throws = m.throws;
  if (throws !== undefined) {
    it('fails naming the stage when its function throws', async () => {
      await expectAsync(testStream(throws(), { in: [1, 2, 3] })).toBeRejectedWithError(
        new RegExp(`stream "${m.name}" failed: no twos`),
      );
    });
  }

  it('rejects bad arguments, naming the stage and the argument', () => {
    for (const [call, message] of m.bad) {
      expect(call).toThrowMatching((e) => e instanceof WiringError && message.test(e.message));
    }
  });

  const bounded = m.bounded;
  if (bounded !== undefined) {
    it(
      'never buffers more than the capacity between a fast source and a slow sink',
      async () => {
        const { wf, received } = await boundedRun((bounded.make ?? m.make)(), { capacity: 16, n: bounded.n });
        bounded.check(received.out as U[]);
        expect(peaks(wf)).toEqual([...bounded.peaks]);
      },
      BOUNDED_TIMEOUT,
    );
  }
}

/** A function that throws `new Error('no twos')` at 2 and otherwise returns what `ok` gives. */
export function noTwos<R>(ok: (x: number) => R): (x: number) => R {
  return (x) => {
    if (x === 2) throw new Error('no twos');
    return ok(x);
  };
}

/**
 * The parity table's machinery: each case is a source marble (or several, for
 * the stages with several inputs), an expected output marble and the expected
 * subscription marbles of every source, run twice in virtual time, once
 * through RxJS's operator and once through the rx-mimo stage alone in a
 * workflow (`toOperator`), each column against the same expectation. Where
 * rx-mimo differs by design, the case gives its own column and the reason,
 * and the table lists it among its differences (checked).
 */
import { marbles } from 'rxjs-marbles/jasmine';
import type { Context } from 'rxjs-marbles/jasmine';
import { tap as rxTap, type Observable, type OperatorFunction } from 'rxjs';
import { Workflow, toOperator, type Overflow, type Stream } from '../../src/index';

/** Records a callback with the frame it came at, as `"<frame> <what>"`. */
export type Note = (what: string) => void;

/** Marbles with their values and error. */
export interface Marbles<T> {
  readonly marble: string;
  readonly values?: Record<string, T>;
  readonly error?: unknown;
}

/** A source given as hot or cold marbles. */
export interface Given<T> {
  readonly hot?: Marbles<T>;
  readonly cold?: Marbles<T>;
}

/** What a column is expected to give. */
export interface Expected<R> {
  /** The output, subscribed at frame 0 (or as `unsubscribe` says). */
  readonly out: Marbles<R>;
  /** The source's subscription marbles. */
  readonly subscriptions: string | readonly string[];
  /** The notes the operator's callbacks made, in order. */
  readonly notes?: readonly string[];
  /**
   * The error is rx-mimo's own (an overflow), not one a source or a function threw: it is
   * compared by class and message, not by identity.
   */
  readonly ownError?: true;
}

/** rx-mimo's own column, where it differs from RxJS by design, and why (one line). */
export type Differs<E> = E & { readonly reason: string };

export interface ParityCase<T, R> extends Given<T> {
  readonly name: string;
  /** The subscription marble of the output, for an early unsubscription (`'^---!'`). */
  readonly unsubscribe?: string;
  /** RxJS's operator, if not the table's. */
  readonly rx?: (note: Note) => OperatorFunction<T, R>;
  /** The rx-mimo stage that mirrors it, if not the table's. */
  readonly stage?: (note: Note) => Stream<{ in: T }, { out: R }>;
  /** What both columns give. */
  readonly expected: Expected<R>;
  readonly mimo?: Differs<Expected<R>>;
}

/** The operator and the stage a table compares, unless a case gives its own. */
export interface Pair<T, R> {
  readonly rx: (note: Note) => OperatorFunction<T, R>;
  readonly stage: (note: Note) => Stream<{ in: T }, { out: R }>;
}

/** What a column gives, the subscriptions of every source in order. */
interface Shown<R> extends Omit<Expected<R>, 'subscriptions'> {
  readonly subscriptions: readonly (string | readonly string[])[];
}

/** A column's output, built from the sources made from the case's marbles. */
type Build<T, R> = (m: Context, sources: readonly Observable<T>[], note: Note) => Observable<R>;

/** A case as a table runs it, whatever the operator's number of inputs. */
interface Row<T, R> {
  readonly name: string;
  readonly sources: readonly Given<T>[];
  readonly unsubscribe?: string;
  readonly rx: Build<T, R>;
  readonly mimo: Build<T, R>;
  readonly expected: Shown<R>;
  readonly differs?: Differs<Shown<R>>;
}

/** Runs one column: the sources from their marbles, the output and every source's subscriptions checked. */
function column<T, R>(m: Context, row: Row<T, R>, build: Build<T, R>, expected: Shown<R>): void {
  const notes: string[] = [];
  const note: Note = (what) => notes.push(`${m.scheduler.now()} ${what}`);
  const sources = row.sources.map((g) => {
    if (g.hot) return m.hot(g.hot.marble, g.hot.values, g.hot.error);
    if (g.cold) return m.cold(g.cold.marble, g.cold.values, g.cold.error);
    throw new Error(`case "${row.name}" has a source without marbles`);
  });
  const errors: unknown[] = [];
  const result = build(m, sources, note).pipe(rxTap({ error: (e: unknown) => errors.push(e) }));
  m.expect(result, row.unsubscribe).toBeObservable(expected.out.marble, expected.out.values, expected.out.error);
  sources.forEach((source, i) => m.expect(source).toHaveSubscriptions(expected.subscriptions[i] as string | string[]));
  m.flush();
  const error = expected.out.error;
  if (expected.ownError) {
    // The marble matcher compares an Error by name and message; check the class too.
    expect(errors.length).toBe(1);
    expect((errors[0] as object).constructor).toBe((error as object).constructor);
  } else {
    // The matcher compares an Error by name and message; the error must be the very one.
    if (error !== undefined) expect(errors).toEqual([error]);
    for (const e of errors) expect(e).toBe(error);
  }
  if (expected.notes !== undefined) expect(notes).toEqual([...expected.notes]);
}

/**
 * One `describe` per operator: for each case, an RxJS column and an rx-mimo column, and a check
 * that the table differs from RxJS in exactly the cases `differs` lists (name → reason): a
 * difference is never silent, and a case that comes to agree leaves the list.
 */
function table<T, R>(title: string, rows: readonly Row<T, R>[], differs: Readonly<Record<string, string>>): void {
  describe(title, () => {
    for (const row of rows) {
      it(
        `${row.name}: RxJS`,
        marbles((m) => column(m, row, row.rx, row.expected)),
      );
      it(
        `${row.name}: rx-mimo${row.differs ? ` (differs: ${row.differs.reason})` : ''}`,
        marbles((m) => column(m, row, row.mimo, row.differs ?? row.expected)),
      );
    }
    it('differs from RxJS in exactly the listed cases', () => {
      const found = Object.fromEntries(rows.filter((r) => r.differs).map((r) => [r.name, r.differs!.reason]));
      expect(found).toEqual({ ...differs });
    });
  });
}

/** The rx-mimo stage alone in a workflow on the test scheduler, as an operator. */
function stageOperator<T, R>(m: Context, make: () => Stream<{ in: T }, { out: R }>): OperatorFunction<T, R> {
  return toOperator<T, R>(() => {
    const workflow = new Workflow({ scheduler: m.scheduler });
    workflow.addStream(make());
    return workflow;
  });
}

/** A single-input case's expectation, its one subscription marble as a list. */
function shown<R, E extends Expected<R>>(e: E): Omit<E, 'subscriptions'> & Shown<R> {
  return { ...e, subscriptions: [e.subscriptions] };
}

/** A table of a single-input operator; `differs` lists the cases with a column of their own (name → reason). */
export function parity<T, R>(
  title: string,
  pair: Pair<T, R>,
  cases: readonly ParityCase<T, R>[],
  differs: Readonly<Record<string, string>> = {},
): void {
  const rows = cases.map((c): Row<T, R> => {
    const rx = c.rx ?? pair.rx;
    const stage = c.stage ?? pair.stage;
    return {
      name: c.name,
      sources: [c],
      unsubscribe: c.unsubscribe,
      rx: (_, [source], note) => source.pipe(rx(note)),
      mimo: (m, [source], note) => source.pipe(stageOperator(m, () => stage(note))),
      expected: shown(c.expected),
      differs: c.mimo && shown(c.mimo),
    };
  });
  table(title, rows, differs);
}

/** What a column of a stage with several inputs gives: the output, and each source's subscriptions. */
export interface MultiExpected<R> extends Omit<Expected<R>, 'subscriptions' | 'notes'> {
  /** The subscription marbles of each source, in the order of `sources`. */
  readonly subscriptions: readonly (string | readonly string[])[];
}

/** The rx-mimo side of a fan-in table: the stage, given its input names (the first one is piped). */
export type FanIn<T, R> = (names: readonly string[]) => Stream<Record<string, T>, { out: R }>;

export interface MultiCase<T, R> {
  readonly name: string;
  /** The piped source first, then the operator's other inputs, in order. */
  readonly sources: readonly Given<T>[];
  /** The subscription marble of the output, for an early unsubscription (`'^---!'`). */
  readonly unsubscribe?: string;
  /** The rx-mimo column's workflow: connection capacity and the sources' overflow policy. */
  readonly capacity?: number;
  readonly overflow?: Overflow;
  /** RxJS's operator given the other inputs, if not the table's. */
  readonly rx?: (others: readonly Observable<T>[]) => OperatorFunction<T, R>;
  /** The rx-mimo stage, if not the table's. */
  readonly stage?: FanIn<T, R>;
  readonly expected: MultiExpected<R>;
  readonly mimo?: Differs<MultiExpected<R>>;
}

/** The operator and the stage a fan-in table compares, unless a case gives its own. */
export interface MultiPair<T, R> {
  readonly rx: (others: readonly Observable<T>[]) => OperatorFunction<T, R>;
  readonly stage: FanIn<T, R>;
}

/**
 * A fan-in stage as RxJS's `…With(others)`: the stage alone in a workflow on the test scheduler,
 * the piped source into `in0`, each other input an Observable source (`addSource`) into `in1`, `in2`….
 */
function fanInOperator<T, R>(
  m: Context,
  c: MultiCase<T, R>,
  make: FanIn<T, R>,
  others: readonly Observable<T>[],
): OperatorFunction<T, R> {
  const names = c.sources.map((_, i) => `in${i}`);
  const overflow = c.overflow === undefined ? {} : { overflow: c.overflow };
  return toOperator<T, R>(() => {
    const workflow = new Workflow({ scheduler: m.scheduler, ...(c.capacity ? { capacity: c.capacity } : {}) });
    const stage = workflow.addStream(make(names));
    others.forEach((other, i) => {
      const name = names[i + 1];
      workflow.addSource(other, { name, ...overflow }).output('out').pipe(stage.input(name));
    });
    return workflow;
  }, overflow);
}

/**
 * A table of a fan-in operator (`zipWith`, `mergeWith`, `concatWith`); `differs` lists the cases
 * with a column of their own (name → reason).
 */
export function fanInParity<T, R>(
  title: string,
  pair: MultiPair<T, R>,
  cases: readonly MultiCase<T, R>[],
  differs: Readonly<Record<string, string>> = {},
): void {
  const rows = cases.map((c): Row<T, R> => {
    const rx = c.rx ?? pair.rx;
    const stage = c.stage ?? pair.stage;
    return {
      name: c.name,
      sources: c.sources,
      unsubscribe: c.unsubscribe,
      rx: (_, [first, ...others]) => first.pipe(rx(others)),
      mimo: (m, [first, ...others]) => first.pipe(fanInOperator(m, c, stage, others)),
      expected: c.expected,
      differs: c.mimo,
    };
  });
  table(title, rows, differs);
}

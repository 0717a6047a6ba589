/**
 * The parity table's machinery: each case is a source marble, an expected
 * output marble and the expected subscription marble of the source, run twice
 * in virtual time, once through RxJS's operator and once through the
 * rx-mimo stage alone in a workflow (`toOperator`), each column against the
 * same expectation. Where rx-mimo differs by design, the case gives its own
 * column and the reason.
 */
import { marbles } from 'rxjs-marbles/jasmine';
import type { Context } from 'rxjs-marbles/jasmine';
import { tap as rxTap, type OperatorFunction } from 'rxjs';
import { Workflow, toOperator, type Stream } from '../../src/index';

/** Records a callback with the frame it came at, as `"<frame> <what>"`. */
export type Note = (what: string) => void;

/** Marbles with their values and error. */
export interface Marbles<T> {
  readonly marble: string;
  readonly values?: Record<string, T>;
  readonly error?: unknown;
}

/** What a column is expected to give. */
export interface Expected<R> {
  /** The output, subscribed at frame 0 (or as `unsubscribe` says). */
  readonly out: Marbles<R>;
  /** The source's subscription marbles. */
  readonly subscriptions: string | readonly string[];
  /** The notes the operator's callbacks made, in order. */
  readonly notes?: readonly string[];
}

export interface ParityCase<T, R> {
  readonly name: string;
  /** The source: hot or cold marbles. */
  readonly hot?: Marbles<T>;
  readonly cold?: Marbles<T>;
  /** The subscription marble of the output, for an early unsubscription (`'^---!'`). */
  readonly unsubscribe?: string;
  /** RxJS's operator, if not the table's. */
  readonly rx?: (note: Note) => OperatorFunction<T, R>;
  /** The rx-mimo stage that mirrors it, if not the table's. */
  readonly stage?: (note: Note) => Stream<{ in: T }, { out: R }>;
  /** What both columns give. */
  readonly expected: Expected<R>;
  /** rx-mimo's own column, where it differs from RxJS by design, and why (one line). */
  readonly mimo?: Expected<R> & { readonly reason: string };
}

/** The operator and the stage a table compares, unless a case gives its own. */
export interface Pair<T, R> {
  readonly rx: (note: Note) => OperatorFunction<T, R>;
  readonly stage: (note: Note) => Stream<{ in: T }, { out: R }>;
}

/** The rx-mimo stage alone in a workflow on the test scheduler, as an operator. */
function stageOperator<T, R>(m: Context, make: () => Stream<{ in: T }, { out: R }>): OperatorFunction<T, R> {
  return toOperator<T, R>(() => {
    const workflow = new Workflow({ scheduler: m.scheduler });
    workflow.addStream(make());
    return workflow;
  });
}

/** Runs one column of a case and checks it against `expected`. */
function column<T, R>(
  m: Context,
  c: ParityCase<T, R>,
  operator: (note: Note) => OperatorFunction<T, R>,
  expected: Expected<R>,
): void {
  const notes: string[] = [];
  const note: Note = (what) => notes.push(`${m.scheduler.now()} ${what}`);
  const given = c.hot ?? c.cold;
  if (given === undefined) throw new Error(`case "${c.name}" has no source`);
  const source = c.hot ? m.hot(given.marble, given.values, given.error) : m.cold(given.marble, given.values, given.error);
  const errors: unknown[] = [];
  const result = source.pipe(operator(note), rxTap({ error: (e: unknown) => errors.push(e) }));
  m.expect(result, c.unsubscribe).toBeObservable(expected.out.marble, expected.out.values, expected.out.error);
  m.expect(source).toHaveSubscriptions(expected.subscriptions as string | string[]);
  m.flush();
  // The matcher compares an Error by name and message; the error must be the very one.
  if (expected.out.error !== undefined) expect(errors).toEqual([expected.out.error]);
  for (const e of errors) expect(e).toBe(expected.out.error);
  if (expected.notes !== undefined) expect(notes).toEqual([...expected.notes]);
}

/** One `describe` per operator: for each case, an RxJS column and an rx-mimo column. */
export function parity<T, R>(title: string, pair: Pair<T, R>, cases: readonly ParityCase<T, R>[]): void {
  describe(title, () => {
    for (const c of cases) {
      const rx = c.rx ?? pair.rx;
      const stage = c.stage ?? pair.stage;
      it(
        `${c.name}: RxJS`,
        marbles((m) => column(m, c, rx, c.expected)),
      );
      const label = `${c.name}: rx-mimo${c.mimo ? ` (differs: ${c.mimo.reason})` : ''}`;
      it(
        label,
        marbles((m) => column(m, c, (note) => stageOperator(m, () => stage(note)), c.mimo ?? c.expected)),
      );
    }
  });
}

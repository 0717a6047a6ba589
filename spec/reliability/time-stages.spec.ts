/**
 * The time stages when their timers do fire, in virtual time: random items
 * at random frames (a cold Observable on a TestScheduler) through the stage
 * alone in a workflow on that scheduler (toOperator), against a reference
 * in frames: RxJS's own `delay` and `debounceTime` on the same input, and
 * models of `groupedWithin` (a group goes at its n-th item, or ms after its
 * first) and `sample` (ticks every ms from the first item, each emitting the
 * newest item since the tick before). Every emission and the completion are
 * compared frame by frame. Inputs with an item exactly on a deadline are
 * left out for the models, where which comes first is a matter of order
 * within a frame (the marble specs pin those).
 */
import * as fc from 'fast-check';
import { Observable, debounceTime, delay as rxDelay, type OperatorFunction } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { Workflow, debounce, delay, groupedWithin, sample, toOperator, type Stream } from '../../src/index';
import { PROPERTY_TIMEOUT, assertProperty } from './support/property';

/** Items at strictly increasing frames (gaps of 1 or more), then the completion `tail` frames after the last. */
const inputArb = fc.record({
  gaps: fc.array(fc.integer({ min: 1, max: 12 }), { maxLength: 25 }),
  tail: fc.integer({ min: 1, max: 30 }),
  ms: fc.integer({ min: 1, max: 15 }),
  n: fc.integer({ min: 1, max: 5 }),
  kind: fc.constantFrom('delay', 'debounce', 'groupedWithin', 'sample'),
});

type Input = typeof inputArb extends fc.Arbitrary<infer I> ? I : never;

/** Emissions as `frame:value`, the completion as `frame:|`. */
type Timeline = string[];

function framesOf(input: Input): number[] {
  const frames: number[] = [];
  let t = 0;
  for (const gap of input.gaps) frames.push((t += gap));
  return frames;
}

/** Runs `operator` on the input in virtual time and records what comes out, when. */
function timeline<R>(input: Input, operator: (scheduler: TestScheduler) => OperatorFunction<number, R>): Timeline {
  const scheduler = new TestScheduler(() => undefined);
  const got: Timeline = [];
  scheduler.run(() => {
    const frames = framesOf(input);
    const end = (frames[frames.length - 1] ?? 0) + input.tail;
    const source = new Observable<number>((subscriber) => {
      const subs = frames.map((f, i) => scheduler.schedule(() => subscriber.next(i), f));
      subs.push(scheduler.schedule(() => subscriber.complete(), end));
      return () => subs.forEach((s) => s.unsubscribe());
    });
    source.pipe(operator(scheduler)).subscribe({
      next: (v) => got.push(`${scheduler.now()}:${JSON.stringify(v)}`),
      complete: () => got.push(`${scheduler.now()}:|`),
      error: (e: unknown) => got.push(`${scheduler.now()}:#${String(e)}`),
    });
  });
  return got;
}

function stage<R>(make: () => Stream<{ in: number }, { out: R }>) {
  return (scheduler: TestScheduler): OperatorFunction<number, R> =>
    toOperator<number, R>(() => {
      const workflow = new Workflow({ scheduler });
      workflow.addStream(make());
      return workflow;
    });
}

/** groupedWithin's model: a group goes at its n-th item, or ms after its first; the rest at the completion. */
function groupedModel(input: Input): Timeline | null {
  const frames = framesOf(input);
  const end = (frames[frames.length - 1] ?? 0) + input.tail;
  const out: Timeline = [];
  let group: number[] = [];
  let due = Infinity;
  for (let i = 0; i <= frames.length; i++) {
    const at = i < frames.length ? frames[i] : end;
    if (at === due) return null; // an item (or the end) on the deadline
    if (at > due) {
      out.push(`${due}:${JSON.stringify(group)}`);
      group = [];
      due = Infinity;
    }
    if (i === frames.length) break;
    if (group.length === 0) due = at + input.ms;
    group.push(i);
    if (group.length === input.n) {
      out.push(`${at}:${JSON.stringify(group)}`);
      group = [];
      due = Infinity;
    }
  }
  if (group.length > 0) out.push(`${end}:${JSON.stringify(group)}`);
  out.push(`${end}:|`);
  return out;
}

/** sample's model: ticks every ms from the first item; each emits the newest item since the tick before, if any. */
function sampleModel(input: Input): Timeline | null {
  const frames = framesOf(input);
  const end = (frames[frames.length - 1] ?? 0) + input.tail;
  const out: Timeline = [];
  if (frames.length > 0) {
    const first = frames[0];
    let newest: number | null = null;
    let i = 0;
    for (let tick = first + input.ms; tick <= end; tick += input.ms) {
      if (tick === end || frames.includes(tick)) return null; // a tick on an item or on the end
      while (i < frames.length && frames[i] < tick) newest = i++;
      if (newest !== null) out.push(`${tick}:${newest}`);
      newest = null;
    }
  }
  out.push(`${end}:|`);
  return out;
}

describe('reliability: time stages in virtual time', () => {
  it(
    'delay, debounce, groupedWithin and sample emit at the frames the reference says',
    async () => {
      await assertProperty(
        'time-stages',
        inputArb,
        async (input) => {
          let want: Timeline | null;
          let got: Timeline;
          switch (input.kind) {
            case 'delay':
              want = timeline(input, () => rxDelay(input.ms));
              got = timeline(
                input,
                stage(() => delay<number>(input.ms, { size: 1000 })),
              );
              break;
            case 'debounce':
              want = timeline(input, () => debounceTime(input.ms));
              got = timeline(
                input,
                stage(() => debounce<number>(input.ms)),
              );
              break;
            case 'groupedWithin':
              want = groupedModel(input);
              got = timeline(
                input,
                stage(() => groupedWithin<number>(input.n, input.ms)),
              );
              break;
            default:
              want = sampleModel(input);
              got = timeline(
                input,
                stage(() => sample<number>(input.ms)),
              );
          }
          if (want === null) return;
          if (got.join(' ') !== want.join(' ')) {
            throw new Error(`${input.kind}: got      ${got.join(' ')}\nexpected ${want.join(' ')}`);
          }
        },
        500,
      );
    },
    PROPERTY_TIMEOUT,
  );
});

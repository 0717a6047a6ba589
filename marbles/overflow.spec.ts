import { marbles } from 'rxjs-marbles/jasmine';
import { delay } from 'rxjs';
import type { TestScheduler } from 'rxjs/testing';
import type { Observable } from 'rxjs';
import { MimoError, Stream, Workflow, fromObservable, type Overflow } from '../src/index';

/**
 * An Observable source of capacity 2 feeding a consumer that takes one item
 * every 4 frames: from the third item on, items arrive while the source's
 * connection is full.
 */
function overflowing(scheduler: TestScheduler, input: Observable<string>, overflow: Overflow) {
  const workflow = new Workflow({ scheduler, capacity: 2 });
  const source = fromObservable(input, { name: 'letters', overflow });
  const slow = workflow.addStream(Stream.fromOperator(delay<string>(4), { name: 'slow', inFlight: 1 }));
  workflow.addStream(source).pipe(slow);
  return { source, out$: workflow.output$(slow.output('out')), run$: workflow.run$() };
}

describe('marbles: Observable source overflow', () => {
  const input = /*          */ '-abcde|';

  it(
    "'error' fails the run at the first item that finds the connection full",
    marbles((m) => {
      const { out$, run$ } = overflowing(m.scheduler, m.cold(input), 'error');
      const error = new MimoError(
        'the Observable emitted while letters.out was full: slow.in (capacity 2). ' +
          'An Observable cannot be paused; give the connection more capacity, or choose ' +
          "fromObservable(input, { overflow: 'drop-newest' | 'drop-oldest' | 'unbounded' }).",
      );
      m.expect(out$).toBeObservable(' ----#', undefined, error);
      m.expect(run$).toBeObservable(' ----#', undefined, error);
    }),
  );

  it(
    "'drop-newest' drops the items that arrive while it is full",
    marbles((m) => {
      const { source, out$, run$ } = overflowing(m.scheduler, m.cold(input), 'drop-newest');
      m.expect(out$).toBeObservable('-----a---b---(c|)');
      m.expect(source.dropped$).toBeObservable('----de|');
      m.expect(run$).toBeObservable('13ms |');
      m.flush();
      expect(source.dropped).toBe(2);
    }),
  );

  it(
    "'drop-oldest' evicts the oldest buffered item for each newcomer",
    marbles((m) => {
      const { source, out$, run$ } = overflowing(m.scheduler, m.cold(input), 'drop-oldest');
      m.expect(out$).toBeObservable('-----a---d---(e|)');
      m.expect(source.dropped$).toBeObservable('----bc|');
      m.expect(run$).toBeObservable('13ms |');
      m.flush();
      expect(source.dropped).toBe(2);
    }),
  );

  it(
    "'unbounded' queues in the source and loses nothing",
    marbles((m) => {
      const { source, out$, run$ } = overflowing(m.scheduler, m.cold(input), 'unbounded');
      m.expect(out$).toBeObservable('-----a---b---c---d---(e|)');
      m.expect(source.dropped$).toBeObservable('---------|');
      m.expect(run$).toBeObservable('21ms |');
      m.flush();
      expect(source.dropped).toBe(0);
      expect(source.peakQueued).toBe(2);
    }),
  );
});

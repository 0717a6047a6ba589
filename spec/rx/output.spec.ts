import { lastValueFrom, toArray } from 'rxjs';
import { Stream, StreamError, WiringError, Workflow, failedStream } from '../../src/index';

function numbers(wf: Workflow, n: number) {
  return wf.addSource(
    function* () {
      for (let i = 1; i <= n; i++) yield i;
    },
    { name: 'numbers' },
  );
}

describe('workflow.output$', () => {
  it('emits every item reaching the port, then completes', async () => {
    const wf = new Workflow({ capacity: 2 });
    const src = numbers(wf, 5);
    const all = lastValueFrom(wf.output$(src.output('out')).pipe(toArray()));
    await wf.run();
    expect(await all).toEqual([1, 2, 3, 4, 5]);
  });

  it('is bounded like any consumer: its connection never holds more than the capacity', async () => {
    const wf = new Workflow({ capacity: 3 });
    const src = numbers(wf, 100);
    let count = 0;
    wf.output$(src.output('out')).subscribe(() => count++);
    await wf.run();
    expect(count).toBe(100);
    expect(src.outputPort('out').conns[0].peak).toBeLessThanOrEqual(3);
  });

  it('gives the same Observable for the same port', () => {
    const wf = new Workflow();
    const src = numbers(wf, 1);
    expect(wf.output$(src.output('out'))).toBe(wf.output$(src.output('out')));
    expect(src.outputPort('out').conns.length).toBe(1);
  });

  it('errors with the run error', async () => {
    const wf = new Workflow();
    const src = numbers(wf, 3);
    src.pipe(
      wf.addStream(
        new Stream({
          name: 'bad',
          ins: ['in'],
          fn: () => {
            throw new Error('bad');
          },
        }),
      ),
    );
    const seen: number[] = [];
    let error: unknown = null;
    wf.output$(src.output('out')).subscribe({ next: (n) => seen.push(n), error: (e) => (error = e) });
    await wf.run().catch(() => undefined);
    expect(error).not.toEqual(jasmine.any(StreamError));
    expect((error as Error).message).toBe('bad');
    expect(failedStream(error)).toBe('bad');
  });

  it('must be asked before the run, of a port of this workflow', async () => {
    const wf = new Workflow();
    const src = numbers(wf, 1);
    const other = new Workflow();
    expect(() => other.output$(src.output('out'))).toThrowError(WiringError, /belongs to another workflow/);
    expect(() => wf.output$('out' as never)).toThrowError(WiringError, /expected an output reference/);
    await wf.run();
    expect(() => wf.output$(src.output('out'))).toThrowError(
      WiringError,
      /output\$\(\): the workflow is already running or has run/,
    );
  });
});

/** rx-mimo: streams joined by bounded connections in a Workflow. */
import { Workflow } from '../../src/index';
import type { Library } from '../scenarios';
import {
  BRANCHES,
  CAPACITY,
  CONCURRENCY,
  SLOW_EVERY,
  branch,
  double,
  doubleAsync,
  keep,
  makeRecord,
  rightOf,
  times,
  type Record1K,
} from '../scenarios';
import { FilterStream, Generate, MapAsync, MapStream, Sink, SlowSink, ZipWith } from '../mimo-streams';

const identity = (i: number): number => i;

export const rxMimo: Library = {
  name: 'rx-mimo',
  idiom: `hand-written Streams (bench/mimo-streams.ts) in a Workflow, capacity ${CAPACITY}; fan-out and fan-in by piping one output to several inputs and several outputs to one input`,
  scenarios: {
    linear(n, tally) {
      const wf = new Workflow({ capacity: CAPACITY });
      wf.addStream(new Generate(n, identity))
        .pipe(wf.addStream(new MapStream(double)))
        .pipe(wf.addStream(new FilterStream(keep)))
        .pipe(wf.addStream(new Sink(tally)));
      return wf.run();
    },
    'fan-out/fan-in'(n, tally) {
      const wf = new Workflow({ capacity: CAPACITY });
      const source = wf.addStream(new Generate(n, identity));
      const sink = wf.addStream(new Sink(tally));
      for (let k = 0; k < BRANCHES; k++) source.pipe(wf.addStream(new MapStream(branch(k)))).pipe(sink);
      return wf.run();
    },
    join(n, tally) {
      const wf = new Workflow({ capacity: CAPACITY });
      const zip = wf.addStream(new ZipWith(times)).synchronise(['a', 'b']);
      wf.addStream(new Generate(n, identity)).output('out').pipe(zip.input('a'));
      wf.addStream(new Generate(n, (i) => rightOf(n, i)))
        .output('out')
        .pipe(zip.input('b'));
      zip.pipe(wf.addStream(new Sink(tally)));
      return wf.run();
    },
    async(n, tally) {
      const wf = new Workflow({ capacity: CAPACITY });
      wf.addStream(new Generate(n, identity))
        .pipe(wf.addStream(new MapAsync(doubleAsync, CONCURRENCY)))
        .pipe(wf.addStream(new Sink(tally)));
      return wf.run();
    },
    memory(n, tally) {
      const wf = new Workflow({ capacity: CAPACITY });
      wf.addStream(new Generate(n, makeRecord)).pipe(
        wf.addStream(new SlowSink(tally, (r: Record1K) => r.id, SLOW_EVERY)),
      );
      return wf.run();
    },
  },
};

/** rx-mimo with its stage library only (range, map, filter, broadcast, merge, zipWith, mapAsync, forEach). */
import { Workflow, broadcast, filter, forEach, map, mapAsync, merge, range, zipWith } from '../../src/index';
import { macrotask } from '../harness';
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
} from '../scenarios';

export const rxMimoStages: Library = {
  name: 'rx-mimo stages',
  idiom: `the stage library in a Workflow, capacity ${CAPACITY}: range → map/filter → forEach; broadcast(4) → map → merge(4); zipWith; mapAsync({ concurrency: ${CONCURRENCY} })`,
  scenarios: {
    linear(n, tally) {
      const wf = new Workflow({ capacity: CAPACITY });
      wf.addStream(range(0, n))
        .pipe(wf.addStream(map(double)))
        .pipe(wf.addStream(filter(keep)))
        .pipe(wf.addStream(forEach((x: number) => tally.add(x))));
      return wf.run();
    },
    'fan-out/fan-in'(n, tally) {
      const wf = new Workflow({ capacity: CAPACITY });
      const fan = wf.addStream(broadcast(BRANCHES));
      const join = wf.addStream(merge(BRANCHES));
      wf.addStream(range(0, n)).pipe(fan);
      for (let k = 0; k < BRANCHES; k++) {
        fan.output(`out${k}` as `out0`).pipe(wf.addStream(map(branch(k))).input('in'));
      }
      const maps = wf.steps.slice(-BRANCHES);
      maps.forEach((m, k) => m.output('out').pipe(join.input(`in${k}` as `in0`)));
      join.pipe(wf.addStream(forEach((x: number) => tally.add(x))));
      return wf.run();
    },
    join(n, tally) {
      const wf = new Workflow({ capacity: CAPACITY });
      const zip = wf.addStream(zipWith(({ a, b }: { a: number; b: number }) => times(a, b), ['a', 'b']));
      wf.addStream(range(0, n)).output('out').pipe(zip.input('a'));
      wf.addStream(range(0, n))
        .pipe(wf.addStream(map((i: number) => rightOf(n, i))))
        .output('out')
        .pipe(zip.input('b'));
      zip.pipe(wf.addStream(forEach((x: number) => tally.add(x))));
      return wf.run();
    },
    async(n, tally) {
      const wf = new Workflow({ capacity: CAPACITY });
      wf.addStream(range(0, n))
        .pipe(wf.addStream(mapAsync(doubleAsync, { concurrency: CONCURRENCY })))
        .pipe(wf.addStream(forEach((x: number) => tally.add(x))));
      return wf.run();
    },
    memory(n, tally) {
      const wf = new Workflow({ capacity: CAPACITY });
      let seen = 0;
      wf.addStream(range(0, n))
        .pipe(wf.addStream(map(makeRecord)))
        .pipe(
          wf.addStream(
            forEach((r: { id: number }) => {
              tally.add(r.id);
              return ++seen % SLOW_EVERY === 0 ? macrotask() : undefined;
            }),
          ),
        );
      return wf.run();
    },
  },
};

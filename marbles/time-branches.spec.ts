import { marbles } from 'rxjs-marbles/jasmine';
import { Workflow, asOperator, broadcast, debounce, groupedWithin, sample, throttle } from '../src/index';

describe('marbles: time stages on the branches of one workflow', () => {
  it(
    'throttle, groupedWithin, debounce and sample each keep their own time, every output at its exact frames',
    marbles((m) => {
      const values = { a: 1, b: 2, c: 3, d: 4, e: 5 };
      const input = m.hot('-abc------d-e--|', values);
      // One item per 3 frames, no token saved beyond one: a at 1, b at 4, c at 7, d at 10, e at 13.
      const paced = /*   */ '-a--b--c--d--e-|';
      // Groups of 2, or 4 frames after the first: [a, b] at 2, [c] at 7 (3 + 4), [d, e] at 12.
      const grouped = /* */ '--x----y----z--|';
      // The last of each burst, 3 frames after it: c at 6; e's 3 frames end with the input, at 15.
      const settled = /* */ '------c--------(e|)';
      // Ticks every 5 frames from the first item's arrival (1): c at 6, d at 11; e waits for 16 and is dropped.
      const sampled = /* */ '------c----d---|';
      const op = asOperator<
        { in: number },
        { paced: number; grouped: number[]; settled: number; sampled: number }
      >(() => {
        const workflow = new Workflow({ scheduler: m.scheduler });
        const fan = workflow.addStream(broadcast(['p', 'g', 'd', 's']));
        const p = workflow.addStream(throttle<number>(1, 3));
        const g = workflow.addStream(groupedWithin<number>(2, 4));
        const d = workflow.addStream(debounce<number>(3));
        const s = workflow.addStream(sample<number>(5));
        fan.output('p').pipe(p.input('in'));
        fan.output('g').pipe(g.input('in'));
        fan.output('d').pipe(d.input('in'));
        fan.output('s').pipe(s.input('in'));
        return workflow.expose({
          in: fan.input('in'),
          paced: p.output('out'),
          grouped: g.output('out'),
          settled: d.output('out'),
          sampled: s.output('out'),
        });
      });
      const outs = op({ in: input });
      m.expect(outs.paced).toBeObservable(paced, values);
      m.expect(outs.grouped).toBeObservable(grouped, { x: [1, 2], y: [3], z: [4, 5] });
      m.expect(outs.settled).toBeObservable(settled, values);
      m.expect(outs.sampled).toBeObservable(sampled, values);
    }),
  );
});

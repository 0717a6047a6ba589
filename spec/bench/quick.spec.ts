import { checkScenario, LIBRARIES } from '../../bench/suite';
import { SCENARIOS } from '../../bench/scenarios';

// The correctness half of `npm run bench -- --quick`: every library computes
// the same outcome on every scenario, so the timings compare like with like.
describe('bench (quick): every library agrees', () => {
  for (const scenario of SCENARIOS) {
    it(`on ${scenario.name}`, async () => {
      const n = scenario.quickItems;
      const outcomes = await checkScenario(scenario, LIBRARIES, n);
      expect(outcomes.length).toBe(LIBRARIES.length);
      for (const outcome of outcomes) expect(outcome).toEqual(scenario.expected(n));
    }, 60_000);
  }

  it('checks against outcomes computed by a plain loop', () => {
    expect(SCENARIOS.map((s) => [s.name, s.expected(10)])).toEqual([
      ['linear', { count: 6, sum: 2 + 4 + 8 + 10 + 14 + 16 }],
      ['fan-out/fan-in', { count: 40, sum: 4 * 45 + 10 * 6 }],
      ['join', { count: 10, sum: 0 * 10 + 1 * 9 + 2 * 8 + 3 * 7 + 4 * 6 + 5 * 5 + 6 * 4 + 7 * 3 + 8 * 2 + 9 * 1 }],
      ['async', { count: 10, sum: 90 }],
      ['memory', { count: 10, sum: 45 }],
    ]);
  });
});

/**
 * Building, drawing, running, failing and diagnosing take time linear in the
 * size of the workflow. Each row
 * of OPERATIONS (support/scale-operations.ts; add a row to cover another path)
 * is measured at N, 2N, 4N and 8N in CPU time (`process.cpuUsage`, which a
 * busy machine disturbs far less than the clock), after a warm-up, as the
 * least of five rounds, in a child process of its own whose young generation
 * is large and fixed (so that garbage collections neither pile up from other
 * specs nor land at random in the measurements), collecting garbage before
 * each measurement. The time at 4N over the time
 * at N must stay under 8, for N or for 2N: linear is about 4, quadratic 16,
 * and 8 is as far from each (twice) on a log scale. A tighter limit (6) failed
 * under load at 6.01: the collector's work grows with the heap, and
 * `process.cpuUsage` counts its threads too.
 * Nothing depends on how fast the machine is.
 */
import { execFileSync } from 'child_process';
import * as path from 'path';
import { OPERATIONS, type Measured } from './support/scale-operations';

const PROBE = path.join(__dirname, 'support', 'scale-probe.js');
const MAX_RATIO = 8;

describe('reliability: scale', () => {
  OPERATIONS.forEach((op, index) => {
    it(`${op.what} takes time linear in N (N from ${op.n} to ${8 * op.n})`, () => {
      const output = execFileSync(
        process.execPath,
        ['--expose-gc', '--min-semi-space-size=64', '--max-semi-space-size=64', PROBE, String(index)],
        { encoding: 'utf8' },
      );
      const { sizes, cpu } = JSON.parse(output) as Measured;
      const ratios = [cpu[2] / Math.max(cpu[0], 0.001), cpu[3] / Math.max(cpu[1], 0.001)];
      const times = sizes.map((n, i) => `${cpu[i].toFixed(1)} ms at ${n}`).join(', ');
      expect(Math.min(...ratios))
        .withContext(
          `${op.what}: CPU ${times}; ratios 4N/N ${ratios.map((r) => r.toFixed(1)).join(' and ')} (linear is about 4)`,
        )
        .toBeLessThan(MAX_RATIO);
    }, 120_000);
  });
});

/**
 * Running, failing and diagnosing scale linearly with the size of the graph:
 * a chain of N streams and an N-way fan-out/fan-in are run, failed and
 * deadlocked at N and at 4N, each in a process of its own, and the CPU time at
 * 4N must stay under 6 times that at N (4 is linear, 16 quadratic). Ratios of
 * CPU time, never absolute times, so a loaded machine does not matter.
 */
import { execFileSync } from 'child_process';
import * as path from 'path';
import { scaleCases, type Outcome } from './support/scale-cases';

const child = path.join(__dirname, 'support', 'scale-child.js');

function measure(name: string, n: number): { outcome: Outcome; micros: number } {
  const out = execFileSync(process.execPath, ['--expose-gc', child, name, String(n)], { encoding: 'utf8' });
  return JSON.parse(out) as { outcome: Outcome; micros: number };
}

describe('reliability: scale of running', () => {
  for (const [name, c] of Object.entries(scaleCases)) {
    it(`${c.what}: CPU time at 4N stays under 6 times that at N (N = ${c.n})`, () => {
      const small = measure(name, c.n);
      const large = measure(name, 4 * c.n);
      expect([small.outcome, large.outcome]).toEqual([c.expected, c.expected]);
      expect(large.micros / small.micros)
        .withContext(`${c.what}: ${small.micros} µs at N, ${large.micros} µs at 4N`)
        .toBeLessThan(6);
    }, 120_000);
  }
});

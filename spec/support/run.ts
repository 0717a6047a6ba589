/**
 * Runs every jasmine spec under build/ (spec/ and marbles/) and ends with a
 * plain `N passed, N failed` line. Arguments filter spec files by substring.
 */
import * as path from 'path';

// The jasmine runner package ships no type declarations.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const Jasmine = require('jasmine');

interface SpecResult {
  status: string;
}

async function main(): Promise<void> {
  const root = path.resolve(__dirname, '..', '..', '..');
  const runner = new Jasmine({ projectBaseDir: root });
  runner.exitOnCompletion = false;
  await runner.loadConfig({
    spec_dir: 'build',
    spec_files: ['spec/**/*.spec.js', 'marbles/**/*.spec.js'],
    env: { random: true, stopSpecOnExpectationFailure: false },
  });
  const counts = { passed: 0, failed: 0, skipped: 0 };
  runner.addReporter({
    specDone(result: SpecResult) {
      if (result.status === 'passed') counts.passed++;
      else if (result.status === 'failed') counts.failed++;
      else counts.skipped++;
    },
  });
  const filters = process.argv.slice(2);
  const result = await runner.execute(filters.length ? undefined : undefined, filters.length ? filters.join('|') : undefined);
  // A failure outside any spec (in beforeAll/afterAll, or a load error) still fails the run.
  if (result.overallStatus !== 'passed' && counts.failed === 0) counts.failed = 1;
  const skipped = counts.skipped ? `, ${counts.skipped} skipped` : '';
  console.log(`\n${counts.passed} passed, ${counts.failed} failed${skipped}`);
  process.exitCode = result.overallStatus === 'passed' ? 0 : 1;
}

main().catch((err) => {
  console.error(err);
  console.log('\n0 passed, 1 failed');
  process.exitCode = 1;
});

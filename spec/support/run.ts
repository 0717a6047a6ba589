/**
 * Runs every jasmine spec under build/ (spec/ and marbles/) and ends with a
 * plain `N passed, N failed` line. Arguments keep only the spec files whose
 * path contains one of them; `--angular` adds the Angular app's spec
 * (spec/angular-app/), which is left out otherwise.
 */
import * as fs from 'fs';
import * as path from 'path';

// The jasmine runner package ships no type declarations.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const Jasmine = require('jasmine');

interface SpecResult {
  status: string;
}

/** Every compiled spec file under build/spec and build/marbles. */
function specFiles(build: string): string[] {
  return ['spec', 'marbles'].flatMap((dir) => {
    const base = path.join(build, dir);
    if (!fs.existsSync(base)) return [];
    return (fs.readdirSync(base, { recursive: true }) as string[])
      .filter((f) => f.endsWith('.spec.js'))
      .map((f) => path.join(base, f));
  });
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
  const args = process.argv.slice(2);
  const filters = args.filter((a) => a !== '--angular');
  // The Angular app's spec installs Angular from the registry: it runs with --angular, or when a filter names it.
  const angular = (f: string) => f.includes(`${path.sep}angular-app${path.sep}`);
  const files = specFiles(path.join(root, 'build')).filter((f) =>
    filters.length ? filters.some((x) => f.includes(x)) : args.includes('--angular') || !angular(f),
  );
  const result = await runner.execute(files);
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

/**
 * The tarball that `npm pack` makes on a fresh clone is complete, and the
 * ecosystem's package linters (publint, Are the Types Wrong?) find nothing in
 * it: its exports map, module formats and types are right for node10,
 * node16 (CommonJS and ESM) and bundler resolution.
 */
import { execFileSync } from 'child_process';
import { join } from 'path';
import { root } from '../../scripts/pack';
import { packed } from '../support/packed';

/** A CLI's output, without colours (CI=true turns them on), and exit status. */
function run(bin: string, args: string[]): { status: number; output: string } {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  delete env.FORCE_COLOR;
  // eslint-disable-next-line no-control-regex -- colour codes start with ESC
  const plain = (text: string) => text.replace(/\u001b\[[0-9;]*m/g, '');
  try {
    const output = execFileSync(join(root, 'node_modules', '.bin', bin), args, {
      encoding: 'utf8',
      stdio: 'pipe',
      env,
    });
    return { status: 0, output: plain(output) };
  } catch (err) {
    const e = err as { status: number; stdout: string; stderr: string };
    return { status: e.status, output: plain(`${e.stdout}${e.stderr}`) };
  }
}

describe('the packed package', () => {
  it('is built by npm pack itself, with both formats, sources for its source maps, and a LICENSE', () => {
    const files = execFileSync('tar', ['-tzf', packed()], { encoding: 'utf8' })
      .split('\n')
      .filter((f) => f !== '')
      .map((f) => f.replace(/^package\//, ''));
    for (const file of [
      'package.json',
      'LICENSE',
      'README.md',
      'dist/esm/package.json',
      'dist/esm/index.js',
      'dist/esm/index.js.map',
      'dist/esm/index.d.ts',
      'dist/esm/testing/index.js',
      'dist/esm/node/index.js',
      'dist/esm/redis/index.js',
      'dist/cjs/package.json',
      'dist/cjs/index.js',
      'dist/cjs/index.d.ts',
      'dist/cjs/testing/index.d.ts',
      'dist/cjs/node/index.d.ts',
      'dist/cjs/redis/index.d.ts',
      'src/index.ts',
    ]) {
      expect(files).withContext(file).toContain(file);
    }
    expect(files.filter((f) => /^(spec|marbles|build|examples|bench|scripts|node_modules)\//.test(f))).toEqual([]);
  }, 120_000);

  it('has nothing for publint to report', () => {
    const { status, output } = run('publint', ['run', packed(), '--level', 'suggestion']);
    console.log(`\n${output.trim()}`);
    expect(status).toBe(0);
    expect(output.trim().split('\n').slice(-1)).toEqual(['All good!']);
  }, 120_000);

  it('has nothing for Are the Types Wrong? to report, for every entry and resolution', () => {
    const { status, output } = run('attw', [
      packed(),
      '--profile',
      'strict',
      '--format',
      'table-flipped',
      '--no-color',
    ]);
    console.log(`\n${output.trim()}`);
    expect(status).toBe(0);
    expect(output).toContain('No problems found');
    for (const entry of ['"rx-mimo"', '"rx-mimo/testing"', '"rx-mimo/node"', '"rx-mimo/redis"'])
      expect(output).toContain(entry);
  }, 120_000);
});

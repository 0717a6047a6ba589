/**
 * The tree is clean for ESLint and Prettier, as `npm run lint` checks it, so
 * CI (which runs `npm test`) keeps it clean.
 */
import { execFileSync } from 'child_process';
import * as path from 'path';

const root = path.resolve(__dirname, '..', '..');
const bin = (name: string) => path.join(root, 'node_modules', '.bin', name);

/** Runs a linter; its output when it fails, '' when it passes. */
function problems(command: string, args: string[]): string {
  try {
    execFileSync(bin(command), args, { cwd: root, encoding: 'utf8', stdio: 'pipe' });
    return '';
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string; message: string };
    return `${e.stdout ?? ''}${e.stderr ?? ''}`.trim() || e.message;
  }
}

describe('lint', () => {
  it('finds no ESLint problem', () => {
    expect(problems('eslint', ['.', '--max-warnings', '0'])).toBe('');
  }, 120_000);

  it('finds every file formatted by Prettier', () => {
    expect(problems('prettier', ['--list-different', '.'])).toBe('');
  }, 120_000);
});

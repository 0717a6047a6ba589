/**
 * The npm scripts that run examples run the TypeScript sources directly
 * (scripts/register.cjs), with no build first, and print what the compiled
 * examples print.
 */
import { execFileSync } from 'child_process';
import { readFileSync } from 'fs';
import * as path from 'path';

const root = path.resolve(__dirname, '..', '..', '..');
const scripts = (
  JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
).scripts;
const examples = Object.entries(scripts).filter(([name]) => name === 'example' || name.startsWith('example:'));

const node = (args: string[]) => execFileSync(process.execPath, args, { cwd: root, encoding: 'utf8', stdio: 'pipe' });

describe('npm run example:*', () => {
  it('runs the TypeScript sources through the register hook, without a build', () => {
    expect(examples.length).toBeGreaterThan(9);
    for (const [name, command] of examples) {
      expect(command)
        .withContext(name)
        .toMatch(/^node -r \.\/scripts\/register\.cjs examples\/[\w/-]+\.ts$/);
    }
  });

  // The log examples print timings (and the Redis one pids and ports): their own specs check them.
  for (const [name, command] of examples.filter(([n]) => n !== 'example:logs' && n !== 'example:redis')) {
    it(`${name} prints what the compiled example prints`, () => {
      const [, , hook, file] = command.split(' ');
      const compiled = path.join(root, 'build', file.replace(/\.ts$/, '.js'));
      expect(node(['-r', hook, file])).toBe(node([compiled]));
    });
  }
});

/**
 * The published package works as users install it: `npm pack`, unpacked into
 * another folder's node_modules, then loaded with require() and import, and
 * type-checked by tsc, for both entry points.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const root = path.resolve(__dirname, '..', '..');

describe('the packed package', () => {
  let dir: string;

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rx-mimo-pack-'));
    const out = execFileSync('npm', ['pack', '--silent', '--pack-destination', dir], { cwd: root, encoding: 'utf8' });
    const tarball = path.join(dir, out.trim().split('\n').pop()!);
    const pkg = path.join(dir, 'node_modules', 'rx-mimo');
    fs.mkdirSync(pkg, { recursive: true });
    execFileSync('tar', ['-xzf', tarball, '-C', pkg, '--strip-components=1']);
    fs.symlinkSync(path.join(root, 'node_modules', 'rxjs'), path.join(dir, 'node_modules', 'rxjs'));
    fs.writeFileSync(path.join(dir, 'package.json'), '{"name":"consumer","private":true}');
  }, 60_000);

  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  const node = (args: string[]) => execFileSync(process.execPath, args, { cwd: dir, encoding: 'utf8' }).trim();

  it('loads with require()', () => {
    const script = `
      const { Stream, Workflow } = require('rx-mimo');
      const { testStream } = require('rx-mimo/testing');
      const s = new Stream({ ins: ['a'], outs: ['b'] });
      testStream(s, { a: [1, 2] }).then((r) => console.log(typeof Workflow, JSON.stringify(r)));`;
    expect(node(['-e', script])).toBe('function {"b":[1,2]}');
  });

  it('loads with import', () => {
    const script = `
      import { Stream, Workflow } from 'rx-mimo';
      import { testStream } from 'rx-mimo/testing';
      const r = await testStream(new Stream({ ins: ['a'], outs: ['b'] }), { a: [3] });
      console.log(typeof Workflow, JSON.stringify(r));`;
    expect(node(['--input-type=module', '-e', script])).toBe('function {"b":[3]}');
  });

  it('type-checks for TypeScript users of both entry points', () => {
    fs.writeFileSync(
      path.join(dir, 'use.ts'),
      `import { Stream, Workflow, type Inputs } from 'rx-mimo';
       import { testStream } from 'rx-mimo/testing';
       const s = new Stream<{ a: number }, { b: number }>({ ins: ['a'], outs: ['b'] });
       const check = (ins: Inputs<{ a: number }>): number => ins.a.pop();
       export const result: Promise<{ b: number[] }> = testStream(s, { a: [1] });
       export { check, Workflow };`,
    );
    const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
    for (const resolution of ['node16', 'bundler']) {
      const module = resolution === 'node16' ? 'node16' : 'esnext';
      const args = [
        tsc,
        '--noEmit',
        '--strict',
        '--skipLibCheck',
        '--module',
        module,
        '--moduleResolution',
        resolution,
        'use.ts',
      ];
      expect(() => execFileSync(process.execPath, args, { cwd: dir, encoding: 'utf8' }))
        .withContext(resolution)
        .not.toThrow();
    }
  }, 60_000);
});

/**
 * Docs that run: every ```ts block of README.md is type-checked against the
 * sources and then run, each block a module of its own, with `rx-mimo`,
 * `rx-mimo/testing` and `rx-mimo/node` resolving to src/. What a block prints
 * is checked against its output comments. The conventions, also stated in the
 * README's Developing section:
 *
 * - `console.log(x); // → [1, 2]`: an output comment. Everything that line
 *   prints while the block runs, joined with ', ', must read `[1, 2]`
 *   (whitespace aside). Any other trailing comment on a console.log line of a
 *   block that runs is refused, so an output cannot be stated unchecked.
 * - A first line `// fragment: type-checked only`: the block uses names it
 *   only declares (`declare const workflow: Workflow`), so it is type-checked
 *   and not run.
 * - A first line `// file: examples/…`: the block is an excerpt of that file,
 *   which must contain it verbatim; the file's own build and spec compile and
 *   run it (the Angular app's, for Angular code, which needs Angular's compiler
 *   and a browser).
 */
import { execFile } from 'child_process';
import { build, type Plugin } from 'esbuild';
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

const root = path.resolve(__dirname, '..', '..');

export interface Block {
  /** The README line the code starts on. */
  line: number;
  code: string;
  kind: 'run' | 'fragment' | 'file';
  /** For `file` blocks: the file it is an excerpt of, relative to the root. */
  file?: string;
}

/** The ```ts blocks of a markdown file, with the line each starts on and its kind. */
export function tsBlocks(markdown: string): Block[] {
  const blocks: Block[] = [];
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].trim() !== '```ts') continue;
    const start = i + 1;
    while (++i < lines.length && lines[i].trim() !== '```');
    const code = lines.slice(start, i).join('\n');
    const first = lines[start] ?? '';
    const file = /^\/\/ file: (\S+)/.exec(first)?.[1];
    if (file !== undefined) blocks.push({ line: start + 1, code, kind: 'file', file });
    else if (/^\/\/ fragment: type-checked only/.test(first)) blocks.push({ line: start + 1, code, kind: 'fragment' });
    else blocks.push({ line: start + 1, code, kind: 'run' });
  }
  return blocks;
}

/** An output comment: `// → text` after a console.log on the same line. */
const OUTPUT = /console\.log\(.*\/\/ → (.*)$/;
/** Any trailing comment after a console.log. */
const TRAILING = /console\.log\(.*\)[;,)\s]*\/\/(.*)$/;

/** The block with each console.log of a line that has an output comment replaced by a recording call. */
export function instrument(code: string): { code: string; expected: Map<number, string>; refused: string[] } {
  const expected = new Map<number, string>();
  const refused: string[] = [];
  const lines = code.split('\n').map((text, i) => {
    const out = OUTPUT.exec(text);
    if (out !== null) {
      expected.set(i + 1, out[1].trim());
      return text.replace(/console\.log\(/g, `__readmeLog(${i + 1}, `);
    }
    if (TRAILING.test(text))
      refused.push(`line ${i + 1}: a comment after console.log must be an output comment (// → …)`);
    return text;
  });
  return { code: lines.join('\n'), expected, refused };
}

/** Recorded calls, written when the block's process exits (loaded with node --import). */
const PRELUDE = `import { writeFileSync } from 'node:fs';
import { format } from 'node:util';
const printed = {};
globalThis.__readmeLog = (line, ...args) => {
  (printed[line] ??= []).push(format(...args));
  console.log(...args);
};
process.on('exit', () => writeFileSync(process.env.README_PRINTED, JSON.stringify(printed)));
`;

/** Resolves rx-mimo's entries to src/, as the type-check does. */
const fromSources: Plugin = {
  name: 'rx-mimo-from-src',
  setup(b) {
    const entries: Record<string, string> = {
      'rx-mimo': 'src/index.ts',
      'rx-mimo/testing': 'src/testing/index.ts',
      'rx-mimo/node': 'src/node/index.ts',
      'rx-mimo/redis': 'src/redis/index.ts',
    };
    b.onResolve({ filter: /^rx-mimo(\/.*)?$/ }, (args) => ({ path: path.join(root, entries[args.path]) }));
  },
};

const squash = (s: string) => s.replace(/\s+/g, '');

/** Runs a block; resolves with what is wrong with it ([] when nothing). */
async function runBlock(block: Block, dir: string): Promise<string[]> {
  const { code, expected, refused } = instrument(block.code);
  if (refused.length > 0) return refused.map((r) => `block at README.md:${block.line}, ${r}`);
  const outfile = path.join(dir, `readme-line-${block.line}.mjs`);
  await build({
    stdin: { contents: code, resolveDir: root, sourcefile: `README.md:${block.line}`, loader: 'ts' },
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    external: ['rxjs', 'rxjs/*'],
    plugins: [fromSources],
    outfile,
    logLevel: 'silent',
  });
  const printedFile = path.join(dir, `readme-line-${block.line}.json`);
  const prelude = path.join(dir, 'prelude.mjs');
  const result = await new Promise<{ error: Error | null; stdout: string; stderr: string }>((resolve) =>
    execFile(
      process.execPath,
      ['--import', prelude, outfile],
      // A guard against a block that never ends, not a timed assertion.
      { cwd: root, encoding: 'utf8', timeout: 60_000, env: { ...process.env, README_PRINTED: printedFile } },
      (error, stdout, stderr) => resolve({ error, stdout, stderr }),
    ),
  );
  if (result.error) return [`failed: ${result.error.message}\n${result.stdout}${result.stderr}`];
  const printed = JSON.parse(fs.readFileSync(printedFile, 'utf8')) as Record<string, string[]>;
  const problems: string[] = [];
  for (const [line, want] of expected) {
    const got = (printed[line] ?? []).join(', ');
    if (squash(got) !== squash(want)) {
      problems.push(
        `README.md:${block.line + line - 1}: the comment says "${want}", the line printed "${got || '(nothing)'}"`,
      );
    }
  }
  return problems;
}

/** Type-checks the blocks that are not excerpts of files; returns the errors. */
function typeCheck(blocks: Block[], dir: string): string[] {
  const files = blocks.map((b) => {
    const file = path.join(dir, `readme-line-${b.line}.ts`);
    // `export {}` makes a block without imports a module too, so blocks never share names.
    fs.writeFileSync(file, `${b.code}\nexport {};\n`);
    return file;
  });
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
    types: ['node'],
    typeRoots: [path.join(root, 'node_modules', '@types')],
    skipLibCheck: true,
    baseUrl: root,
    paths: {
      'rx-mimo': ['src/index.ts'],
      'rx-mimo/testing': ['src/testing/index.ts'],
      'rx-mimo/node': ['src/node/index.ts'],
      'rx-mimo/redis': ['src/redis/index.ts'],
      '*': ['node_modules/*', 'node_modules/@types/*'],
    },
    ignoreDeprecations: '6.0',
  };
  const program = ts.createProgram(files, options);
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const where = d.file
      ? `${path.basename(d.file.fileName)}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}`
      : '';
    return `${where} ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
  });
}

describe('README.md', () => {
  const blocks = tsBlocks(fs.readFileSync(path.join(root, 'README.md'), 'utf8'));
  let dir: string;
  beforeAll(() => {
    // Under the root, so that the bundles find rxjs in node_modules.
    dir = fs.mkdtempSync(path.join(root, 'build', 'readme-'));
    fs.writeFileSync(path.join(dir, 'prelude.mjs'), PRELUDE);
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('has ts blocks that compile', () => {
    expect(blocks.filter((b) => b.kind === 'run').length).toBeGreaterThan(3);
    expect(
      typeCheck(
        blocks.filter((b) => b.kind !== 'file'),
        dir,
      ),
    ).toEqual([]);
  }, 120_000);

  for (const block of blocks.filter((b) => b.kind === 'run')) {
    it(`runs the block at line ${block.line} and prints what its output comments say`, async () => {
      expect(await runBlock(block, dir)).toEqual([]);
    }, 120_000);
  }

  it('names only spec files that exist (the Guarantees table cites them)', () => {
    const text = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
    const named = [...new Set(text.match(/[\w-]+\.spec\.ts/g) ?? [])];
    const files = new Set<string>();
    const walk = (dir: string): void => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        if (entry.isDirectory()) walk(path.join(dir, entry.name));
        else if (entry.name.endsWith('.spec.ts')) files.add(entry.name);
      }
    };
    for (const dir of ['spec', 'marbles']) walk(path.join(root, dir));
    expect(named.length).toBeGreaterThan(10);
    expect(named.filter((name) => !files.has(name))).toEqual([]);
  });

  for (const block of blocks.filter((b) => b.kind === 'file')) {
    it(`shows ${block.file} (line ${block.line}) as it is`, () => {
      const excerpt = block.code.split('\n').slice(1).join('\n');
      expect(fs.readFileSync(path.join(root, block.file!), 'utf8')).toContain(excerpt);
    });
  }
});

describe('the README runner', () => {
  it('records the lines that have output comments and refuses other comments after console.log', () => {
    const { code, expected, refused } = instrument(
      ['console.log([1, 2]); // → [1, 2]', 'console.log(x); // [1, 2]', 'console.log(y);'].join('\n'),
    );
    expect(code.split('\n')[0]).toBe('__readmeLog(1, [1, 2]); // → [1, 2]');
    expect([...expected]).toEqual([[1, '[1, 2]']]);
    expect(refused).toEqual(['line 2: a comment after console.log must be an output comment (// → …)']);
  });

  it('tells blocks that run from fragments and file excerpts', () => {
    const md = [
      '```ts',
      'run();',
      '```',
      '```ts',
      '// fragment: type-checked only',
      '```',
      '```ts',
      '// file: examples/a.ts',
      '```',
    ].join('\n');
    expect(tsBlocks(md).map((b) => [b.line, b.kind, b.file])).toEqual([
      [2, 'run', undefined],
      [5, 'fragment', undefined],
      [8, 'file', 'examples/a.ts'],
    ]);
  });
});

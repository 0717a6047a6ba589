/**
 * Docs that cannot rot: every ```ts block of README.md is type-checked against
 * the sources, each block a module of its own, with `rx-mimo`, `rx-mimo/testing`
 * and `rx-mimo/node` resolving to src/.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as ts from 'typescript';

const root = path.resolve(__dirname, '..', '..');

/** The ```ts blocks of a markdown file, with the line each starts on. */
export function tsBlocks(markdown: string): { line: number; code: string }[] {
  const blocks: { line: number; code: string }[] = [];
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].trim() !== '```ts') continue;
    const start = i + 1;
    while (++i < lines.length && lines[i].trim() !== '```');
    blocks.push({ line: start + 1, code: lines.slice(start, i).join('\n') });
  }
  return blocks;
}

describe('README.md', () => {
  it('has only ts blocks that compile', () => {
    const blocks = tsBlocks(fs.readFileSync(path.join(root, 'README.md'), 'utf8'));
    expect(blocks.length).toBeGreaterThan(3);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rx-mimo-readme-'));
    try {
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
          // A subpath export, which the catch-all mapping below would miss.
          '@angular/core/rxjs-interop': ['node_modules/@angular/core/types/rxjs-interop.d.ts'],
          '*': ['node_modules/*', 'node_modules/@types/*'],
        },
        ignoreDeprecations: '6.0',
      };
      const program = ts.createProgram(files, options);
      const problems = ts.getPreEmitDiagnostics(program).map((d) => {
        const where = d.file
          ? `${path.basename(d.file.fileName)}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}`
          : '';
        return `${where} ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
      });
      expect(problems).toEqual([]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

/**
 * The package as users get it: packed from a clean copy of the tree (what a
 * fresh clone has: no dist/, no build/), installed into a consumer folder, and
 * measured as a bundler would add it to an app. Used by `npm run size` and by
 * the specs under spec/package/.
 */
import { execFileSync } from 'child_process';
import { build } from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { dirname, join } from 'path';
import { gzipSync } from 'zlib';

/** The repository root (this file is run from build/scripts or bundled into build/run). */
export const root = findRoot(__dirname);

function findRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (existsSync(file) && (JSON.parse(readFileSync(file, 'utf8')) as { name?: string }).name === 'rx-mimo')
      return dir;
    if (dirname(dir) === dir) throw new Error(`no rx-mimo package.json above ${from}`);
  }
}

/** Every file a clone of the tree would have (tracked, or new and not ignored), relative to the root. */
function treeFiles(): string[] {
  const out = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const files = out.split('\0').filter((f) => f !== '');
  // A file deleted in the work tree but still tracked is not in a clone of the work tree either.
  return files.filter((f) => existsSync(join(root, f)));
}

/**
 * Packs the package as `npm pack` does on a fresh clone after `npm ci`: the
 * tree's files are copied to a temporary folder (node_modules linked, as
 * `npm ci` would install it), and `npm pack` there must build dist itself.
 * Returns the tarball's path, in `dest`.
 */
export function packFromCleanCopy(dest: string): string {
  const copy = mkdtempSync(join(tmpdir(), 'rx-mimo-clone-'));
  try {
    for (const file of treeFiles()) {
      mkdirSync(dirname(join(copy, file)), { recursive: true });
      copyFileSync(join(root, file), join(copy, file));
    }
    symlinkSync(join(root, 'node_modules'), join(copy, 'node_modules'), 'dir');
    const out = execFileSync('npm', ['pack', '--silent', '--pack-destination', dest], {
      cwd: copy,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return join(dest, out.trim().split('\n').pop()!);
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
}

/**
 * A consumer folder with the tarball unpacked as node_modules/rx-mimo (what
 * `npm install <tarball>` makes of a package without dependencies) and the
 * given rxjs folder as node_modules/rxjs. `type` is the consumer's package type.
 */
export function consumer(
  tarball: string,
  options: { rxjs?: string; type?: 'module' | 'commonjs'; nodeTypes?: boolean } = {},
): string {
  const dir = mkdtempSync(join(tmpdir(), 'rx-mimo-consumer-'));
  const pkg = join(dir, 'node_modules', 'rx-mimo');
  mkdirSync(pkg, { recursive: true });
  execFileSync('tar', ['-xzf', tarball, '-C', pkg, '--strip-components=1']);
  symlinkSync(options.rxjs ?? join(root, 'node_modules', 'rxjs'), join(dir, 'node_modules', 'rxjs'), 'dir');
  if (options.nodeTypes) {
    mkdirSync(join(dir, 'node_modules', '@types'));
    symlinkSync(join(root, 'node_modules', '@types', 'node'), join(dir, 'node_modules', '@types', 'node'), 'dir');
  }
  writeFileSync(
    join(dir, 'package.json'),
    `${JSON.stringify({ name: 'consumer', private: true, type: options.type ?? 'commonjs' })}\n`,
  );
  return dir;
}

/** A minified bundle, rxjs left external (a peer dependency): what a bundler adds to an app that already uses rxjs. */
export interface Bundle {
  bytes: number;
  gzipped: number;
  /** The package files with code in the bundle, relative to the package. */
  inputs: string[];
  text: string;
}

/**
 * Bundles an app of `imports` from `rx-mimo` as installed in `dir` (every
 * export when `imports` is not given) with esbuild, for the browser, minified.
 */
export async function bundleFrom(dir: string, imports?: readonly string[]): Promise<Bundle> {
  const contents =
    imports === undefined
      ? `export * from 'rx-mimo';\n`
      : `import { ${imports.join(', ')} } from 'rx-mimo';\nexport const used = [${imports.join(', ')}];\n`;
  const result = await build({
    stdin: { contents, resolveDir: dir, loader: 'js' },
    bundle: true,
    minify: true,
    treeShaking: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    external: ['rxjs'],
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const text = result.outputFiles[0].text;
  const prefix = 'node_modules/rx-mimo/';
  // The files that put code into the bundle (the metafile lists every file read, shaken out or not).
  const output = Object.values(result.metafile.outputs)[0];
  const inputs = Object.entries(output.inputs)
    .filter(([f, use]) => f.includes(prefix) && use.bytesInOutput > 0)
    .map(([f]) => f)
    .map((f) => f.slice(f.indexOf(prefix) + prefix.length));
  return { bytes: Buffer.byteLength(text), gzipped: gzipSync(text, { level: 9 }).length, inputs, text };
}

/** The sizes the README states: the whole library, and an app that uses only Workflow and Stream. */
export interface Sizes {
  whole: Bundle;
  workflowAndStream: Bundle;
}

/** Bundles the packed package installed in `dir` both ways. */
export async function sizesFrom(dir: string): Promise<Sizes> {
  return { whole: await bundleFrom(dir), workflowAndStream: await bundleFrom(dir, ['Workflow', 'Stream']) };
}

/** Kilobytes (1024 bytes) rounded to whole numbers, as the README states them. */
export const kb = (bytes: number): number => Math.round(bytes / 1024);

/** The README's sentence about sizes, between `<!-- size -->` and `<!-- /size -->`. */
export function sizeSentence(s: Sizes): string {
  return (
    `Minified, with rxjs left external as a bundler would, the whole library (every stage included) is ` +
    `**${kb(s.whole.gzipped)} KB gzipped (${kb(s.whole.bytes)} KB minified)**, and an app that uses only ` +
    `\`Workflow\` and \`Stream\` adds **${kb(s.workflowAndStream.gzipped)} KB gzipped ` +
    `(${kb(s.workflowAndStream.bytes)} KB minified)**`
  );
}

/** The sentence between the size markers of a README, or undefined. */
export function statedSizes(readme: string): string | undefined {
  return /<!-- size -->([\s\S]*?)<!-- \/size -->/.exec(readme)?.[1];
}

/** Packs from a clean copy into a temporary folder and measures; removes everything after. */
export async function measurePacked(): Promise<Sizes> {
  const dir = mkdtempSync(join(tmpdir(), 'rx-mimo-size-'));
  try {
    const tarball = packFromCleanCopy(dir);
    const installed = consumer(tarball);
    try {
      return await sizesFrom(installed);
    } finally {
      rmSync(installed, { recursive: true, force: true });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

import { build } from 'esbuild';
import { join, resolve } from 'path';
import { gzipSync } from 'zlib';

const root = resolve(__dirname, '..', '..', '..');

/** A minified bundle, rxjs left out as a peer dependency: what a bundler adds to an app that already uses rxjs. */
export interface Bundle {
  bytes: number;
  gzipped: number;
  text: string;
}

/**
 * The whole core (every export) when `imports` is not given; else an app
 * that uses only `imports` from the core, so tree shaking leaves the rest out.
 */
export async function coreBundle(imports?: readonly string[]): Promise<Bundle> {
  const index = join(root, 'src', 'index.ts').replace(/\\/g, '/');
  const app =
    imports === undefined
      ? undefined
      : {
          contents: `import { ${imports.join(', ')} } from '${index}';\nexport const used = [${imports.join(', ')}];\n`,
          resolveDir: root,
          loader: 'ts' as const,
        };
  const result = await build({
    ...(app === undefined ? { entryPoints: [join(root, 'src', 'index.ts')] } : { stdin: app }),
    bundle: true,
    minify: true,
    treeShaking: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    external: ['rxjs'],
    write: false,
    logLevel: 'silent',
  });
  const text = result.outputFiles[0].text;
  return { bytes: Buffer.byteLength(text), gzipped: gzipSync(text, { level: 9 }).length, text };
}

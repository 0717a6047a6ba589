import { build } from 'esbuild';
import { join, resolve } from 'path';
import { gzipSync } from 'zlib';

const root = resolve(__dirname, '..', '..', '..');

/** The core, minified with rxjs left out: what a bundler adds to an app that already uses rxjs. */
export async function coreBundle(): Promise<{ bytes: number; gzipped: number; text: string }> {
  const result = await build({
    entryPoints: [join(root, 'src', 'index.ts')],
    bundle: true,
    minify: true,
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

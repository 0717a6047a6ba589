/**
 * Measures what rx-mimo adds to an app's bundle, from the package as it is
 * shipped: packed from a clean copy of the tree, installed, and bundled with
 * esbuild from its ES module build (minified, rxjs external as a peer
 * dependency, then gzipped): the whole library, and an app that uses only
 * `Workflow` and `Stream`.
 * Run: npm run size (-- --update writes the sizes into the README)
 */
import { readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import { measurePacked, root, sizeSentence, statedSizes, type Bundle } from './pack';

const show = (b: Bundle) =>
  `${(b.gzipped / 1024).toFixed(1)} KB minified+gzipped (${(b.bytes / 1024).toFixed(1)} KB minified)`;

async function main(): Promise<void> {
  const sizes = await measurePacked();
  console.log(`whole library:            ${show(sizes.whole)}`);
  console.log(`Workflow and Stream only: ${show(sizes.workflowAndStream)}`);
  const file = join(root, 'README.md');
  const readme = readFileSync(file, 'utf8');
  const stated = statedSizes(readme);
  if (stated === undefined) throw new Error('README.md has no <!-- size --> … <!-- /size --> markers');
  if (stated === sizeSentence(sizes)) console.log('README.md states these sizes.');
  else if (process.argv.includes('--update')) {
    writeFileSync(
      file,
      readme.replace(`<!-- size -->${stated}<!-- /size -->`, `<!-- size -->${sizeSentence(sizes)}<!-- /size -->`),
    );
    console.log('README.md updated.');
  } else console.log('README.md states other sizes: npm run size -- --update writes these.');
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});

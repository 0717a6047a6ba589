/**
 * Prints the size of the core as an app's bundler would add it: minified,
 * rxjs external (a peer dependency), and gzipped — all of it, and only what a
 * workflow of hand-written streams needs.
 * Run: npm run size
 */
import { coreBundle, type Bundle } from '../spec/browser/core-bundle';

const kb = (b: Bundle) =>
  `${(b.gzipped / 1024).toFixed(1)} KB minified+gzipped (${(b.bytes / 1024).toFixed(1)} KB minified)`;

async function main(): Promise<void> {
  console.log(`whole core:               ${kb(await coreBundle())}`);
  console.log(`Workflow and Stream only: ${kb(await coreBundle(['Workflow', 'Stream']))}`);
}

main();

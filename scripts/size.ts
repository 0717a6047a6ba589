/**
 * Prints the size of the core bundle as an app's bundler would add it:
 * minified, rxjs external (a peer dependency), and gzipped.
 * Run: npm run size
 */
import { coreBundle } from '../spec/browser/core-bundle';

coreBundle().then(({ bytes, gzipped }) => {
  console.log(
    `core: ${(bytes / 1024).toFixed(1)} KB minified, ${(gzipped / 1024).toFixed(1)} KB minified+gzipped (rxjs external)`,
  );
});

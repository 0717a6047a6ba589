/**
 * Bundlers get the ES module build and tree-shake it: an app that imports
 * only `Workflow` and `Stream` from the packed package bundles clearly smaller
 * than one that takes everything, with no CommonJS in either. The README
 * states the sizes that `npm run size` measures.
 */
import { readFileSync, rmSync } from 'fs';
import { join } from 'path';
import { consumer, kb, root, sizeSentence, sizesFrom, statedSizes, type Bundle, type Sizes } from '../../scripts/pack';
import { packed } from '../support/packed';

const show = (b: Bundle) => `${(b.bytes / 1024).toFixed(1)} KB minified, ${(b.gzipped / 1024).toFixed(1)} KB gzipped`;

describe('the packed package in a bundle', () => {
  let sizes: Sizes;
  beforeAll(async () => {
    const dir = consumer(packed());
    try {
      sizes = await sizesFrom(dir);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    console.log(`\nwhole library: ${show(sizes.whole)}\n{ Workflow, Stream }: ${show(sizes.workflowAndStream)}`);
  }, 120_000);

  it('is bundled from the ES module build, without require() or Node built-ins', () => {
    for (const bundle of [sizes.whole, sizes.workflowAndStream]) {
      expect(bundle.inputs.length).toBeGreaterThan(0);
      expect(bundle.inputs.filter((f) => !f.startsWith('dist/esm/'))).toEqual([]);
      expect(bundle.text).not.toMatch(/\brequire\(|from\s*"(fs|path|os|events|readline|node:[a-z]+)"/);
      expect(bundle.text).toMatch(/from\s*"rxjs"/);
    }
  });

  it('tree-shakes: { Workflow, Stream } alone bundles clearly smaller than the whole library', () => {
    expect(sizes.workflowAndStream.bytes).toBeLessThan(sizes.whole.bytes * 0.9);
    expect(sizes.workflowAndStream.gzipped).toBeLessThan(sizes.whole.gzipped * 0.9);
    expect(sizes.workflowAndStream.inputs).not.toContain('dist/esm/stages/join-by-key.js');
    expect(sizes.whole.inputs).toContain('dist/esm/stages/join-by-key.js');
  });

  it('has its sizes stated in the README, as npm run size measures them (to the KB)', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    expect(statedSizes(readme))
      .withContext(
        `whole ${kb(sizes.whole.gzipped)} KB gz; run \`npm run size -- --update\` to write the measured sizes into the README`,
      )
      .toBe(sizeSentence(sizes));
  });
});

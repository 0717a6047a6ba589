/**
 * The core runs in a browser: an example workflow is bundled with esbuild
 * (rxjs included, as a page would) and run in headless Chromium; and the core
 * bundle (rxjs external, as a peer dependency) is small and needs no Node.
 */
import { build } from 'esbuild';
import { coreBundle } from './core-bundle';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join, resolve } from 'path';
import { pathToFileURL } from 'url';
import { chromium } from 'playwright-core';

const root = resolve(__dirname, '..', '..', '..');
const CHROMIUM = '/usr/bin/chromium';

describe('in a browser', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'rx-mimo-browser-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('bundles the core without Node built-ins, small, with rxjs external', async () => {
    const core = await coreBundle();
    expect(core.text).not.toMatch(/require\(|from\s*"(fs|path|os|events|readline|node:[a-z]+)"/);
    expect(core.text).toMatch(/from\s*"rxjs"/);
    // Its size is stated in the README and checked there (spec/package/bundle.spec.ts).
    const small = await coreBundle(['Workflow', 'Stream']);
    expect(small.gzipped).toBeLessThan(core.gzipped);
  });

  it('runs an example workflow in headless Chromium', async () => {
    expect(existsSync(CHROMIUM))
      .withContext(`${CHROMIUM} is missing: apt-get install chromium (.ci/run does)`)
      .toBe(true);
    await build({
      entryPoints: [join(root, 'examples', 'browser', 'app.ts')],
      bundle: true,
      format: 'iife',
      platform: 'browser',
      target: 'es2022',
      outfile: join(dir, 'app.js'),
      logLevel: 'silent',
    });
    writeFileSync(
      join(dir, 'index.html'),
      '<!doctype html><meta charset="utf-8"><pre id="result"></pre><script src="app.js"></script>',
    );
    const context = await chromium.launchPersistentContext(join(dir, 'profile'), {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    try {
      const page = context.pages()[0] ?? (await context.newPage());
      const problems: string[] = [];
      page.on('pageerror', (err) => problems.push(err.message));
      await page.goto(pathToFileURL(join(dir, 'index.html')).href);
      await page.waitForFunction("(document.getElementById('result')?.textContent ?? '') !== ''");
      const result = JSON.parse((await page.textContent('#result')) ?? '');
      expect(problems).toEqual([]);
      expect(result.even).toEqual([20, 40, 60]);
      expect(result.odd).toEqual([10, 30, 50, 70]);
      expect(result.status).toBe('completed');
      expect(result.mermaid.split('\n')[0]).toBe('flowchart LR');
      expect(await page.evaluate(() => typeof (globalThis as { process?: unknown }).process)).toBe('undefined');
    } finally {
      await context.close();
    }
  }, 120_000);
});

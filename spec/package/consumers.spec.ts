/**
 * The packed package in the apps its users write, each in a folder of its
 * own with the tarball installed: a CommonJS app (require), an ES module app
 * (import), and TypeScript apps of TypeScript 5.9 and 6.0 under node10,
 * node16 and bundler resolution with `strict` and without `skipLibCheck`,
 * each importing every entry (rx-mimo/redis too, without a server) and running a workflow; all of it with rxjs at
 * the lowest version the peer range allows and at the latest 7.x. Stack traces
 * under --enable-source-maps name shipped files.
 */
import { execFile, execFileSync } from 'child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { join } from 'path';
import { consumer, root } from '../../scripts/pack';
import { packed } from '../support/packed';

const peer = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { peerDependencies: { rxjs: string } })
  .peerDependencies.rxjs;
const version = (dir: string) =>
  (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string }).version;

const RXJS = [
  { name: 'lowest', dir: join(root, 'node_modules', 'rxjs-lowest') },
  { name: 'latest 7.x', dir: join(root, 'node_modules', 'rxjs') },
];
const TYPESCRIPT = [
  { name: 'TypeScript 6.0', tsc: join(root, 'node_modules', 'typescript', 'bin', 'tsc'), major: 6 },
  { name: 'TypeScript 5.9', tsc: join(root, 'node_modules', 'typescript-5', 'bin', 'tsc'), major: 5 },
];
const RESOLUTIONS = [
  { resolution: 'node10', module: 'commonjs', files: ['use.ts'], run: ['use.js'] },
  { resolution: 'node16', module: 'node16', files: ['use.ts', 'use.mts'], run: ['use.js', 'use.mjs'] },
  { resolution: 'bundler', module: 'esnext', files: ['use.ts'], run: [] },
];

/** What every consumer prints. */
const EXPECTED =
  '{"tenfold":[10,20,30],"lines":3,"tested":[2,3],"failed":"StreamError boom","redis":[[1,"a"],"function"]}';

/** The app's body, after its imports: the same in every module format and in TypeScript. */
const body = (typed: boolean) => `
async function main()${typed ? ': Promise<void>' : ''} {
  const workflow = new Workflow({ capacity: 2 });
  const tenfold = workflow.addSource(of(1, 2, 3)).pipe(workflow.addStream(map((n${typed ? ': number' : ''}) => n * 10)));
  const items = lastValueFrom(workflow.output$(tenfold.output('out')).pipe(toArray()));
  await workflow.run();
  const files = new Workflow();
  const lines = collect${typed ? '<string>' : ''}();
  files.addStream(readLines('lines.txt')).pipe(files.addStream(lines));
  await files.run();
  const tested = await testStream(map((n${typed ? ': number' : ''}) => n + 1), { in: [1, 2] });
  const failing = new Workflow();
  failing.addStream(new Stream({ name: 'boom', outs: ['out'], fn: () => { throw new Error('boom'); } }));
  const failed = await failing.run().then(() => 'ran', (err${typed ? ': unknown' : ''}) =>
    err instanceof StreamError && err.cause instanceof Error ? \`StreamError \${err.cause.message}\` : String(err));
  // rx-mimo/redis without a server (ioredis is loaded only when a run opens a connection).
  const transport = redis({ url: 'redis://127.0.0.1:1', prefix: 'app' });
  const redisParts = [jsonCodec.decode(jsonCodec.encode([1, 'a'])), typeof transport.open];
  console.log(JSON.stringify({ tenfold: await items, lines: lines.items.length, tested: tested.out, failed, redis: redisParts }));
}
main();
`;

const IMPORTS = `import { Stream, StreamError, Workflow, collect, map } from 'rx-mimo';
import { testStream } from 'rx-mimo/testing';
import { readLines } from 'rx-mimo/node';
import { jsonCodec, redis } from 'rx-mimo/redis';
import { lastValueFrom, of, toArray } from 'rxjs';
`;
const REQUIRES = `const { Stream, StreamError, Workflow, collect, map } = require('rx-mimo');
const { testStream } = require('rx-mimo/testing');
const { readLines } = require('rx-mimo/node');
const { jsonCodec, redis } = require('rx-mimo/redis');
const { lastValueFrom, of, toArray } = require('rxjs');
`;

/** A workflow whose stream throws, printing the StreamError's stack: as an ES module and as CommonJS. */
const FAILING = (load: string) => `${load}
const workflow = new Workflow();
workflow.addStream(new Stream({ name: 'boom', outs: ['out'], fn: () => { throw new Error('boom'); } }));
workflow.run().catch((err) => console.log(err.stack));
`;
const FAILING_APPS = {
  'app.mjs': FAILING(`import { Stream, Workflow } from 'rx-mimo';`),
  'app.cjs': FAILING(`const { Stream, Workflow } = require('rx-mimo');`),
};

const node = (dir: string, args: string[]) =>
  execFileSync(process.execPath, args, { cwd: dir, encoding: 'utf8', stdio: 'pipe' }).trim();

/** Runs node with `args`; resolves with its output when it fails ('' when it succeeds), so that an expectation shows the compiler's errors. */
function attempt(dir: string, args: string[]): Promise<string> {
  return new Promise((resolve) =>
    execFile(process.execPath, args, { cwd: dir, encoding: 'utf8' }, (err, stdout, stderr) =>
      resolve(err ? `${stdout}${stderr}`.trim() || err.message : ''),
    ),
  );
}

/** Runs tasks two at a time (the compiler is the slow part of these specs). */
let running = 0;
const waiting: (() => void)[] = [];
async function twoAtATime<T>(task: () => Promise<T>): Promise<T> {
  if (running >= 2) await new Promise<void>((go) => waiting.push(go));
  running++;
  try {
    return await task();
  } finally {
    running--;
    waiting.shift()?.();
  }
}

describe('the packed package in consumer apps', () => {
  it(`declares the lowest rxjs it is tested with as its peer range (${peer})`, () => {
    expect(peer).toBe(`^${version(RXJS[0].dir)}`);
  });

  for (const rxjs of RXJS) {
    describe(`with rxjs ${rxjs.name}`, () => {
      let dir: string;
      /** Each TypeScript check's errors ('' for none), started together in beforeAll, two at a time. */
      const checks = new Map<string, Promise<string>>();
      beforeAll(() => {
        dir = consumer(packed(), { rxjs: rxjs.dir, nodeTypes: true });
        writeFileSync(join(dir, 'lines.txt'), 'a\nb\nc\n');
        writeFileSync(join(dir, 'use.ts'), IMPORTS + body(true));
        writeFileSync(join(dir, 'use.mts'), IMPORTS + body(true));
        for (const ts of TYPESCRIPT) {
          for (const r of RESOLUTIONS) {
            const compilerOptions = {
              strict: true,
              skipLibCheck: false,
              target: 'es2022',
              module: r.module,
              moduleResolution: r.resolution,
              outDir: `out-${ts.major}-${r.resolution}`,
              noEmit: r.run.length === 0,
              ...(ts.major >= 6 && r.resolution === 'node10' ? { ignoreDeprecations: '6.0' } : {}),
            };
            const config = `tsconfig-${ts.major}-${r.resolution}.json`;
            writeFileSync(join(dir, config), JSON.stringify({ compilerOptions, files: r.files }, null, 2));
            checks.set(
              `${ts.name} ${r.resolution}`,
              twoAtATime(() => attempt(dir, [ts.tsc, '-p', config])),
            );
          }
        }
      }, 120_000);
      afterAll(() => rmSync(dir, { recursive: true, force: true }));

      it('runs in a CommonJS app that requires every entry', () => {
        writeFileSync(join(dir, 'app.cjs'), REQUIRES + body(false));
        expect(node(dir, ['app.cjs'])).toBe(EXPECTED);
      });

      it('runs in an ES module app that imports every entry', () => {
        writeFileSync(join(dir, 'app.mjs'), IMPORTS + body(false));
        expect(node(dir, ['app.mjs'])).toBe(EXPECTED);
      });

      for (const ts of TYPESCRIPT) {
        for (const r of RESOLUTIONS) {
          it(`type-checks in a strict ${ts.name} app (${r.resolution}, no skipLibCheck) and runs what it emits`, async () => {
            const out = `out-${ts.major}-${r.resolution}`;
            expect(await checks.get(`${ts.name} ${r.resolution}`)).toBe('');
            for (const file of r.run)
              expect(node(dir, [join(out, file)]))
                .withContext(file)
                .toBe(EXPECTED);
          }, 300_000);
        }
      }
    });
  }

  for (const [app, code] of Object.entries(FAILING_APPS)) {
    it(`names shipped source files in stack traces under --enable-source-maps (${app})`, () => {
      const dir = consumer(packed());
      try {
        writeFileSync(join(dir, app), code);
        const stack = node(dir, ['--enable-source-maps', app]);
        const files = [...stack.matchAll(/\((\/[^():]+):\d+:\d+\)/g)]
          .map((m) => m[1])
          .filter((f) => f.includes('/node_modules/rx-mimo/'));
        expect(files.length).withContext(stack).toBeGreaterThan(0);
        for (const file of files) {
          expect(file).toMatch(/\/node_modules\/rx-mimo\/src\/.+\.ts$/);
          expect(existsSync(file)).withContext(file).toBe(true);
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }, 120_000);
  }
});

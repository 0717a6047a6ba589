/**
 * Renders the log-processing example's workflow with Graphviz `dot`
 * (apt-get install graphviz): log-processing.svg shows its streams, ports and
 * capacities; log-processing-fill.svg shows each connection's fill at a moment
 * when slow error writes back-pressure the pipeline; deadlock.svg shows a
 * deadlock's waiting chain. The Mermaid text goes to log-processing.mmd.
 * The pictures go to build/graphs/, or replace the README's in docs/ with
 * `--update`.
 * Run: npm run graph (-- --update)
 */
import { execFileSync } from 'child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { filter, firstValueFrom } from 'rxjs';
import { DeadlockError, Stream, Workflow, fromIterable, map } from '../src/index';
import { generateLog, logWorkflow } from '../examples/log-processing';
import { root } from './pack';

const docs = process.argv.includes('--update') ? join(root, 'docs') : join(root, 'build', 'graphs');
const counts = () => ({ ERROR: 0, WARN: 0, INFO: 0, DEBUG: 0, MALFORMED: 0 });
const svg = (dot: string) =>
  execFileSync('dot', ['-Tsvg', '-Efontname=Helvetica', '-Efontsize=11'], { input: dot, encoding: 'utf8' });

async function main(): Promise<void> {
  mkdirSync(docs, { recursive: true });
  const plain = logWorkflow('app.log', () => undefined, counts());
  writeFileSync(join(docs, 'log-processing.svg'), svg(plain.toDot()));
  writeFileSync(join(docs, 'log-processing.mmd'), `${plain.toMermaid()}\n`);

  const dir = mkdtempSync(join(tmpdir(), 'rx-mimo-graph-'));
  try {
    await generateLog(join(dir, 'app.log'), 50_000);
    const slowWrites = () => new Promise<void>((done) => setTimeout(done, 2));
    const busy = logWorkflow(join(dir, 'app.log'), slowWrites, counts(), 16);
    const stuck = firstValueFrom(
      busy.metrics(20).pipe(filter((m) => m.connections.filter((c) => c.fill === 1).length >= 2)),
    );
    const controller = new AbortController();
    const run = busy.run({ signal: controller.signal }).catch(() => undefined);
    const snapshot = await stuck;
    controller.abort();
    await run;
    writeFileSync(join(docs, 'log-processing-fill.svg'), svg(busy.toDot(snapshot)));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  writeFileSync(join(docs, 'deadlock.svg'), svg((await deadlock()).diagnosis.toDot()));
  console.log(`wrote deadlock.svg, log-processing.svg, log-processing-fill.svg and log-processing.mmd to ${docs}`);
}

/** A workflow whose last stream never consumes its input: the run fails with a DeadlockError. */
async function deadlock(): Promise<DeadlockError> {
  const workflow = new Workflow({ capacity: 2 });
  const lazy = workflow.addStream(new Stream<{ in: number }, {}>({ name: 'lazy', ins: ['in'], fn: () => undefined }));
  workflow
    .addStream(fromIterable([1, 2, 3, 4, 5, 6, 7, 8], { name: 'numbers' }))
    .pipe(workflow.addStream(map((n: number) => n * 2, { name: 'double' })))
    .pipe(lazy);
  try {
    await workflow.run();
  } catch (err) {
    if (err instanceof DeadlockError) return err;
    throw err;
  }
  throw new Error('expected a deadlock');
}

main();

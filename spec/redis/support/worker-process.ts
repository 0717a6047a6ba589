/**
 * A worker process for the Redis specs:
 *   node worker-process.js URL PREFIX WORKER PIPELINE ARGS_JSON CLAIM_AFTER RUNS
 * serves RUNS parts of runs of PIPELINE's steps placed on WORKER (Infinity: until SIGTERM), then exits.
 * It prints `waiting` once connected, and one line per part it served.
 */
import { redis, runWorker } from '../../../src/redis/index';
import { PIPELINES } from './pipelines';

async function main(): Promise<void> {
  const [url, prefix, worker, pipeline, args, claimAfter, runs] = process.argv.slice(2);
  const transport = redis({ url, prefix, claimAfter: Number(claimAfter) });
  const controller = new AbortController();
  process.once('SIGTERM', () => controller.abort());
  console.log('waiting');
  await runWorker(PIPELINES[pipeline], {
    transport,
    worker,
    args: JSON.parse(args) as unknown[],
    runs: Number(runs),
    signal: controller.signal,
  });
  console.log('served');
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});

/** Worker child processes for the Redis specs, and waiting for them by events. */
import { fork, type ChildProcess } from 'child_process';
import { join } from 'path';

export interface WorkerProcess {
  readonly child: ChildProcess;
  /** Everything it printed so far. */
  readonly output: () => string;
  /** Resolves with its exit code (or signal). */
  readonly exited: Promise<number | string>;
}

/** Starts a worker process and resolves once it has connected (printed `waiting`). */
export async function startWorker(
  url: string,
  prefix: string,
  worker: string,
  pipeline: string,
  args: unknown[],
  options: { claimAfter?: number; runs?: number } = {},
): Promise<WorkerProcess> {
  const script = join(__dirname, 'worker-process.js');
  const child = fork(
    script,
    [
      url,
      prefix,
      worker,
      pipeline,
      JSON.stringify(args),
      String(options.claimAfter ?? 10_000),
      String(options.runs ?? 1),
    ],
    { stdio: ['ignore', 'pipe', 'pipe', 'ipc'] },
  );
  let output = '';
  const exited = new Promise<number | string>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')),
  );
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      output += d.toString();
      if (output.includes('waiting')) resolve();
    });
    void exited.then((code) => reject(new Error(`worker process exited (${code}) before it was ready:\n${output}`)));
  });
  return { child, output: () => output, exited };
}

import { createReadStream } from 'fs';
import { createInterface } from 'readline';
import type { Stream } from '../stream';
import { WiringError } from '../errors';
import { describe } from '../stream';
import { fromAsyncIterable } from '../stages/from-async-iterable';
import { checkOptions } from '../options';

/** Options of {@link readLines}. */
export interface ReadLinesOptions {
  /** The stream's name (default `readLines`). */
  name?: string;
  /** The file's text encoding (default `utf8`). */
  encoding?: BufferEncoding;
}

/**
 * A source of the lines of a text file (without their `\n` or `\r\n`), read
 * only as fast as the workflow takes them: the file is opened on the first run,
 * and reading pauses while the output is full.
 *
 * - emits when: the output has room and a line has been read
 * - back-pressures when: never upstream (a source); the file is not read ahead while the output is full
 * - completes when: the end of the file is reached
 * - cancels when: every consumer cancelled, or the run ends early; the file is closed
 * - fails when: the file cannot be opened or read
 *
 * ```
 * "a\nb\nc"   ->  out: a-b-c|
 * ```
 *
 * @example
 * ```ts
 * import { readLines } from 'rx-mimo/node';
 * workflow.addStream(readLines('/var/log/app.log')).pipe(workflow.addStream(collect()));
 * ```
 */
export function readLines(path: string, options?: ReadLinesOptions): Stream<{}, { out: string }> {
  if (typeof path !== 'string' || path.length === 0) {
    throw new WiringError(`readLines(path): expected a file path; got ${describe(path)}.`);
  }
  const { name = 'readLines', encoding = 'utf8' } = checkOptions(
    options,
    ['name', 'encoding'],
    'readLines(path, options)',
  );
  return fromAsyncIterable(linesOf(path, encoding), { name });
}

/** Lazily opens the file; readline's iterator pauses the file stream while its lines are not taken. */
async function* linesOf(path: string, encoding: BufferEncoding): AsyncGenerator<string> {
  const input = createReadStream(path, { encoding });
  const lines = createInterface({ input, crlfDelay: Infinity });
  try {
    yield* lines;
  } finally {
    lines.close();
    input.destroy();
  }
}

/**
 * `npm run example:redis` (examples/redis.ts): a redis-server, two worker
 * processes and a coordinator count a generated log; every line is parsed
 * once, by one of the two workers, and every process stops.
 */
import { execFile } from 'child_process';
import * as path from 'path';

const root = path.resolve(__dirname, '..', '..', '..');

describe('npm run example:redis', () => {
  it('counts every line of the log once, parsed by two worker processes, and stops everything', async () => {
    const output = await new Promise<string>((resolve, reject) =>
      execFile(
        process.execPath,
        ['-r', './scripts/register.cjs', 'examples/redis.ts', '5000'],
        { cwd: root, encoding: 'utf8' },
        (err, stdout, stderr) => (err ? reject(new Error(`${err.message}\n${stdout}${stderr}`)) : resolve(stdout)),
      ),
    );
    const parsed = [...output.matchAll(/^worker parse \(pid \d+\): parsed (\d+) lines$/gm)].map((m) => Number(m[1]));
    expect(parsed.length).toBe(2);
    expect(parsed[0] + parsed[1]).toBe(5000);
    expect(output).toMatch(/^coordinator: 5000 entries counted in [\d.]+ s$/m);
    const counts = Object.fromEntries([...output.matchAll(/^ {2}(\w+) +(\d+)$/gm)].map((m) => [m[1], Number(m[2])]));
    expect(counts).toEqual({ ERROR: 100, WARN: 400, INFO: 2500, DEBUG: 1995, MALFORMED: 5 });
  }, 60_000);
});

/**
 * `node --expose-gc build/bench/repeat.js [--root DIR] LIBRARY SCENARIO ITEMS RUNS [full|minor|none]`
 *
 * One library's scenario run RUNS times in a row in one process, after a full
 * collection, a young-generation one, or none before each run, printing each
 * run's wall-clock and CPU milliseconds (`wall/cpu`). The runs after the
 * first few show the steady state; the first ones, or every run after a full
 * collection (which frees the hidden classes of a finished workflow and so
 * throws its optimised code away), show the cost of warming up. The suite
 * (`run.ts`) times a few short rounds, where both count. `--root` runs the
 * build of another checkout (its `build/bench`), such as an older commit's
 * worktree, with this script.
 */
import * as path from 'path';
import type * as Harness from './harness';
import type * as Suite from './suite';
import type { ScenarioName } from './scenarios';

const gc = (globalThis as { gc?: (options?: { type: 'minor' | 'major' }) => void }).gc;

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const at = args.indexOf('--root');
  const root = at >= 0 ? path.resolve(args.splice(at, 2)[1], 'build', 'bench') : __dirname;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Tally } = require(path.join(root, 'harness.js')) as typeof Harness;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { LIBRARIES } = require(path.join(root, 'suite.js')) as typeof Suite;
  const [name, scenario, items, runs, collect = 'none'] = args;
  const library = LIBRARIES.find((l) => l.name === name);
  if (library === undefined || runs === undefined) {
    throw new Error(
      `usage: node --expose-gc build/bench/repeat.js [--root DIR] LIBRARY SCENARIO ITEMS RUNS [full|minor|none]; libraries: ${LIBRARIES.map((l) => l.name).join(', ')}`,
    );
  }
  const impl = library.scenarios[scenario as ScenarioName];
  const times: string[] = [];
  for (let r = 0; r < Number(runs); r++) {
    if (gc !== undefined && collect === 'full') {
      gc();
      gc();
    } else if (gc !== undefined && collect === 'minor') gc({ type: 'minor' });
    const tally = new Tally();
    const cpu = process.cpuUsage();
    const start = performance.now();
    await impl(Number(items), tally);
    const used = process.cpuUsage(cpu);
    times.push(`${Math.round(performance.now() - start)}/${Math.round((used.user + used.system) / 1000)}`);
  }
  console.log(
    `${name} ${scenario} ${items} × ${runs}, ${collect} collection before each (wall/cpu ms): ${times.join(' ')}`,
  );
}

void main();

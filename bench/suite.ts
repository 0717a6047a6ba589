/**
 * Runs the scenarios: every library in the same process, alternating, after a
 * warm-up run that also checks that every library produced the expected outcome.
 */
import { measure, median, type Outcome, type Sample } from './harness';
import { SCENARIOS, type Library, type Scenario } from './scenarios';
import { rxMimo } from './libraries/rx-mimo';
import { rxMimoStages } from './libraries/rx-mimo-stages';
import { rxjs } from './libraries/rxjs';
import { nodeStreams } from './libraries/node-streams';
import { whatwgStreams } from './libraries/whatwg-streams';
import { highland } from './libraries/highland';
import { asyncGenerators } from './libraries/async-generators';

/** rx-mimo first: the others' ratios are taken against it. */
export const LIBRARIES: readonly Library[] = [
  rxMimo,
  rxMimoStages,
  rxjs,
  nodeStreams,
  whatwgStreams,
  highland,
  asyncGenerators,
];

export interface Row {
  scenario: string;
  library: string;
  items: number;
  rounds: number;
  /** Median items per second over the timed rounds. */
  itemsPerSec: number;
  /** items/s of this library ÷ items/s of rx-mimo in the same run. */
  ratio: number;
  /** Largest peak heap growth over the timed rounds, in bytes. */
  peakHeapGrowth: number;
  /** Wall-clock milliseconds of each timed round. */
  ms: number[];
  /** CPU milliseconds of each timed round. */
  cpuMs: number[];
}

export interface SuiteOptions {
  quick: boolean;
  rounds: number;
  /** Rates from the process's CPU time rather than the wall clock (for a busy machine). */
  cpu?: boolean;
  /** Overrides every scenario's item count. */
  items?: number;
  scenarios?: readonly string[];
  libraries?: readonly string[];
  /** Called after each run, for progress. */
  progress?: (scenario: string, library: string, sample: Sample) => void;
}

/** Runs every library once on `n` items and throws unless each produced the scenario's expected outcome. */
export async function checkScenario(scenario: Scenario, libraries: readonly Library[], n: number): Promise<Outcome[]> {
  const expected = scenario.expected(n);
  const outcomes: Outcome[] = [];
  for (const lib of libraries) {
    const { outcome } = await measure(lib.scenarios[scenario.name], n);
    assertOutcome(scenario, lib, expected, outcome);
    outcomes.push(outcome);
  }
  return outcomes;
}

function assertOutcome(scenario: Scenario, lib: Library, expected: Outcome, got: Outcome): void {
  if (got.count !== expected.count || got.sum !== expected.sum) {
    throw new Error(
      `${scenario.name}: ${lib.name} produced count ${got.count}, sum ${got.sum}; ` +
        `expected count ${expected.count}, sum ${expected.sum}. Its timings would not be comparable.`,
    );
  }
}

export async function runSuite(options: SuiteOptions): Promise<Row[]> {
  const scenarios = SCENARIOS.filter((s) => !options.scenarios || options.scenarios.includes(s.name));
  const libraries = LIBRARIES.filter((l) => !options.libraries || options.libraries.includes(l.name));
  const rows: Row[] = [];
  for (const scenario of scenarios) {
    const full = options.items ?? (options.quick ? scenario.quickItems : scenario.items);
    const items = new Map<Library, number>(
      libraries.map((l) => [l, Math.min(full, l.maxItems?.[scenario.name] ?? full)]),
    );
    // The warm-up runs a tenth of the items (the JIT needs no more) and checks every outcome.
    for (const lib of libraries) await checkScenario(scenario, [lib], Math.ceil(items.get(lib)! / 10));
    const samples = new Map<Library, Sample[]>(libraries.map((l) => [l, []]));
    const rounds = scenario.rounds ?? options.rounds;
    for (let round = 0; round < rounds; round++) {
      // Rotating the order spreads the cost of running first (or after a heavy collector) over everyone.
      for (let j = 0; j < libraries.length; j++) {
        const lib = libraries[(j + round) % libraries.length];
        const n = items.get(lib)!;
        const sample = await measure(lib.scenarios[scenario.name], n, scenario.fullGc);
        assertOutcome(scenario, lib, scenario.expected(n), sample.outcome);
        samples.get(lib)!.push(sample);
        options.progress?.(scenario.name, lib.name, sample);
      }
    }
    const rate = (lib: Library) =>
      median(samples.get(lib)!.map((s) => items.get(lib)! / ((options.cpu ? s.cpuMs : s.ms) / 1000)));
    const base = libraries.includes(rxMimo) ? rate(rxMimo) : NaN;
    for (const lib of libraries) {
      const runs = samples.get(lib)!;
      rows.push({
        scenario: scenario.name,
        library: lib.name,
        items: items.get(lib)!,
        rounds: runs.length,
        itemsPerSec: rate(lib),
        ratio: rate(lib) / base,
        peakHeapGrowth: Math.max(...runs.map((s) => s.heapGrowth)),
        ms: runs.map((s) => s.ms),
        cpuMs: runs.map((s) => s.cpuMs),
      });
    }
  }
  return rows;
}

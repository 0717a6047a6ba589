/**
 * A rate-limited, retried enrichment: orders are enriched by a flaky
 * HTTP-like service (mapAsync with retry and back-off, at most 20 calls in
 * flight… and at most 200 a second by throttle), grouped into batches of 10
 * or whatever came within 50 ms (groupedWithin), and written to a file as
 * JSON lines with the file's back-pressure (writeTo). An order the service
 * always refuses is skipped and counted; the others get through after their
 * retries. Run: npm run example:enrich
 */
import { createWriteStream, mkdtempSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { Workflow, fromIterable, groupedWithin, map, mapAsync, throttle, type MetricsSnapshot } from '../src/index';
import { writeTo } from '../src/node/index';

export interface Order {
  id: number;
  customer: string;
  amount: number;
}

export interface Enriched extends Order {
  tier: 'gold' | 'silver' | 'bronze';
  country: string;
}

/** The flaky customer service: a customer lookup fails its first calls now and then; customer-13 is always refused. */
export class FlakyCustomerService {
  calls = 0;
  failures = 0;
  private readonly seen = new Map<string, number>();

  async lookup(customer: string): Promise<{ tier: Enriched['tier']; country: string }> {
    this.calls++;
    const attempt = (this.seen.get(customer) ?? 0) + 1;
    this.seen.set(customer, attempt);
    await new Promise((resolve) => setTimeout(resolve, 2)); // the network
    const n = Number(customer.split('-')[1]);
    // Every third customer fails once, every seventh twice: 503s that a retry gets past.
    const flaky = (n % 3 === 0 ? 1 : 0) + (n % 7 === 0 ? 1 : 0);
    if (n === 13 || attempt <= flaky) {
      this.failures++;
      throw new Error(`503 Service Unavailable (${customer}, attempt ${attempt})`);
    }
    return { tier: n % 5 === 0 ? 'gold' : n % 2 === 0 ? 'silver' : 'bronze', country: ['FR', 'DE', 'JP', 'BR'][n % 4] };
  }
}

/** A small deterministic random source, so that the jitter of the back-off is the same on every run. */
function seeded(seed: number): () => number {
  let s = seed;
  return () => ((s = (s * 16807) % 2147483647) - 1) / 2147483646;
}

export interface EnrichReport {
  written: number;
  skipped: number;
  calls: number;
  failures: number;
  lines: string[];
}

/** Enriches `orders` into `file`; resolves with what was done. */
export async function enrich(orders: Order[], file: string): Promise<EnrichReport> {
  const service = new FlakyCustomerService();
  const workflow = new Workflow({ capacity: 16 });
  const source = workflow.addStream(fromIterable(orders, { name: 'orders' }));
  const limited = source.pipe(workflow.addStream(throttle<Order>(200, 1000, { burst: 10, name: 'rate limit' })));
  const enriched = limited.pipe(
    workflow.addStream(
      mapAsync(async (order: Order): Promise<Enriched> => ({ ...order, ...(await service.lookup(order.customer)) }), {
        name: 'enrich',
        concurrency: 20,
        retry: { attempts: 3, backoff: { min: 20, max: 200, factor: 2, jitter: 0.2 }, random: seeded(42) },
        onError: 'skip',
      }),
    ),
  );
  const batches = enriched.pipe(workflow.addStream(groupedWithin<Enriched>(10, 50, { name: 'batch' })));
  const lines = batches.pipe(
    workflow.addStream(
      map((batch: Enriched[]) => batch.map((e) => JSON.stringify(e) + '\n').join(''), { name: 'json' }),
    ),
  );
  lines.pipe(workflow.addStream(writeTo<string>(createWriteStream(file), { name: 'file' })));
  let metrics: MetricsSnapshot | undefined;
  workflow.metrics(60_000).subscribe((m) => (metrics = m));
  await workflow.run();
  const text = readFileSync(file, 'utf8');
  const written = text.split('\n').filter((l) => l.length > 0);
  return {
    written: written.length,
    skipped: metrics!.streams.find((s) => s.name === 'enrich')!.skipped,
    calls: service.calls,
    failures: service.failures,
    lines: written,
  };
}

export function orders(count: number): Order[] {
  return Array.from({ length: count }, (_, i) => ({
    id: i + 1,
    customer: `customer-${(i % 20) + 1}`,
    amount: ((i * 37) % 500) + 10,
  }));
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'rx-mimo-enrich-'));
  try {
    const report = await enrich(orders(60), join(dir, 'enriched.jsonl'));
    console.log(`orders: 60, written: ${report.written}, skipped: ${report.skipped} (customer-13 is always refused)`);
    console.log(`service calls: ${report.calls}, of which failed: ${report.failures} (retried with back-off)`);
    console.log('first lines of enriched.jsonl:');
    for (const line of report.lines.slice(0, 3)) console.log(`  ${line}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) void main();

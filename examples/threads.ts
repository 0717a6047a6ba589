/**
 * Using every core: orders are parsed on two worker threads (partitioned by
 * customer, so each customer's orders stay in order), and totalled in the
 * main thread. The same factory builds the workflow in the main thread and in
 * each worker thread.
 * Run: npm run example:threads
 */
import { threadId } from 'node:worker_threads';
import { Workflow, collect, map, range } from '../src/index';
import { threads } from '../src/node/index';

export interface Order {
  readonly id: number;
  readonly customer: string;
  readonly cents: number;
  /** The thread that parsed it. */
  readonly thread: number;
}

/** An order line, as a file or a socket would give it: `id,customer,amount`. */
const line = (i: number) => `${i},customer-${i % 7},${((i * 37) % 1000) / 10}`;

/** Parsing: the CPU-bound step. */
function parse(text: string): Order {
  const [id, customer, amount] = text.split(',');
  return { id: Number(id), customer, cents: Math.round(Number(amount) * 100), thread: threadId };
}

/** Builds the workflow: in the main thread (where `out` receives the orders) and in each worker thread. */
export function build(count: number, out: { orders: Order[] } = { orders: [] }): Workflow {
  const wf = new Workflow({ capacity: 64 });
  const orders = collect<Order>({ name: 'orders' });
  out.orders = orders.items;
  wf.addStream(range(0, count, 1, { name: 'lines' }))
    .pipe(wf.addStream(map(line, { name: 'text' })))
    .pipe(
      wf.addStream(map(parse, { name: 'parse' }), {
        worker: 'cpu',
        replicas: 2,
        partitionBy: (text: string) => text.split(',')[1],
      }),
      { pack: 100, window: 8 },
    )
    .pipe(wf.addStream(orders));
  return wf;
}

async function main(): Promise<void> {
  const out = { orders: [] as Order[] };
  await build(10_000, out).run({ transport: threads({ module: __filename, args: [10_000] }) });
  const orders = out.orders;
  const cents = new Map<string, number>();
  const perThread = new Map<number, number>();
  let inOrder = true;
  const lastId = new Map<string, number>();
  for (const o of orders) {
    cents.set(o.customer, (cents.get(o.customer) ?? 0) + o.cents);
    perThread.set(o.thread, (perThread.get(o.thread) ?? 0) + 1);
    if ((lastId.get(o.customer) ?? -1) > o.id) inOrder = false;
    lastId.set(o.customer, o.id);
  }
  console.log(
    `orders: ${orders.length}, parsed on ${perThread.size} threads: ${[...perThread.values()].sort((a, b) => a - b).join(' + ')}`,
  );
  console.log(`each customer's orders in order: ${inOrder}`);
  for (const [customer, total] of [...cents].sort()) console.log(`${customer}: ${(total / 100).toFixed(2)}`);
}

if (require.main === module) void main();

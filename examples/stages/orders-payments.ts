/**
 * A join of two keyed inputs: orders and payments arrive in different orders
 * and are matched by order id. At most `maxKeys` ids wait for their match, so
 * memory stays bounded however far apart they arrive. An order never paid and
 * a payment for an unknown order are left out.
 * Run: npm run example:stages:orders-payments
 */
import { Workflow, forEach, fromIterable, joinByKey, map } from '../../src/index';

interface Order {
  orderId: number;
  customer: string;
  total: number;
}
interface Payment {
  orderId: number;
  method: string;
  amount: number;
}

const orders: Order[] = [
  { orderId: 1, customer: 'Ada', total: 30 },
  { orderId: 2, customer: 'Grace', total: 12.5 },
  { orderId: 3, customer: 'Linus', total: 99 },
  { orderId: 4, customer: 'Barbara', total: 7 },
];

const payments: Payment[] = [
  { orderId: 3, method: 'card', amount: 99 },
  { orderId: 1, method: 'transfer', amount: 30 },
  { orderId: 9, method: 'card', amount: 5 },
  { orderId: 2, method: 'card', amount: 10 },
];

export async function main(print: (line: string) => void = console.log): Promise<void> {
  const workflow = new Workflow({ capacity: 2 });
  const paid = workflow.addStream(
    joinByKey<{ orders: Order; payments: Payment }>((x) => x.orderId, ['orders', 'payments'], { maxKeys: 100 }),
  );
  workflow
    .addStream(fromIterable(orders, { name: 'orders' }))
    .output('out')
    .pipe(paid.input('orders'));
  workflow
    .addStream(fromIterable(payments, { name: 'payments' }))
    .output('out')
    .pipe(paid.input('payments'));
  const describe = workflow.addStream(
    map(({ orders: o, payments: p }: { orders: Order; payments: Payment }) => {
      const status = p.amount >= o.total ? 'paid' : `short by ${(o.total - p.amount).toFixed(2)}`;
      return `order ${o.orderId} (${o.customer}): ${o.total.toFixed(2)} by ${p.method}, ${status}`;
    }),
  );
  paid.pipe(describe).pipe(workflow.addStream(forEach((line: string) => print(line))));
  await workflow.run();
}

if (require.main === module) {
  main().catch((err) => {
    console.error(err);
    process.exitCode = 1;
  });
}

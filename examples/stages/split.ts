/**
 * The seed's split: one output broadcast to two consumers, each seeing every
 * item — here a running total and a list of squares. Run: npm run example:stages:split
 */
import { Workflow, broadcast, collect, map, range, scan } from '../../src/index';

export async function main(print: (line: string) => void = console.log): Promise<void> {
  const workflow = new Workflow({ capacity: 4 });
  const numbers = workflow.addStream(range(1, 6));
  const split = workflow.addStream(broadcast<{ total: number; square: number }>(['total', 'square']));
  const total = workflow.addStream(scan((sum: number, x: number) => sum + x, 0));
  const square = workflow.addStream(map((x: number) => x * x));
  const totals = collect<number>();
  const squares = collect<number>();
  numbers.pipe(split);
  split.output('total').pipe(total.input('in'));
  split.output('square').pipe(square.input('in'));
  total.pipe(workflow.addStream(totals));
  square.pipe(workflow.addStream(squares));
  await workflow.run();
  print(`running totals: ${totals.items.join(' ')}`);
  print(`squares: ${squares.items.join(' ')}`);
}

if (require.main === module) {
  main().catch((err) => {
    console.error(err);
    process.exitCode = 1;
  });
}

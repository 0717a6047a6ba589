/**
 * The seed's fork: each number is routed by a condition to the output `true`
 * or `false`, and each side is handled on its own. Run: npm run example:stages:fork
 */
import { Workflow, collect, fork, range } from '../../src/index';

export async function main(print: (line: string) => void = console.log): Promise<void> {
  const workflow = new Workflow({ capacity: 4 });
  const numbers = workflow.addStream(range(1, 10));
  const isEven = workflow.addStream(fork((x: number) => x % 2 === 0));
  const evens = collect<number>();
  const odds = collect<number>();
  numbers.pipe(isEven);
  isEven.output('true').pipe(workflow.addStream(evens).input('in'));
  isEven.output('false').pipe(workflow.addStream(odds).input('in'));
  await workflow.run();
  print(`even: ${evens.items.join(' ')}`);
  print(`odd: ${odds.items.join(' ')}`);
}

if (require.main === module) {
  main().catch((err) => {
    console.error(err);
    process.exitCode = 1;
  });
}

/**
 * The seed's linear workflow with stages: numbers from a range, multiplied,
 * printed. Run: npm run example:stages:linear
 */
import { Workflow, forEach, map, range } from '../../src/index';

export async function main(print: (line: string) => void = console.log): Promise<void> {
  const workflow = new Workflow({ capacity: 4 });
  const numbers = workflow.addStream(range(1, 5));
  const multiply = workflow.addStream(map((x: number) => x * 10));
  const show = workflow.addStream(forEach((x: number) => print(`${x}`)));
  numbers.pipe(multiply).pipe(show);
  await workflow.run();
}

if (require.main === module) {
  main().catch((err) => {
    console.error(err);
    process.exitCode = 1;
  });
}

/**
 * The seed's join: a range counting up and a range counting down, taken in
 * lockstep (a sync group) and multiplied. Run: npm run example:stages:join
 */
import { Workflow, forEach, range, zipWith } from '../../src/index';

export async function main(print: (line: string) => void = console.log): Promise<void> {
  const workflow = new Workflow({ capacity: 4 });
  const up = workflow.addStream(range(0, 6));
  const down = workflow.addStream(range(5, 6, -1));
  const multiply = workflow.addStream(
    zipWith((s: { up: number; down: number }) => `${s.up} × ${s.down} = ${s.up * s.down}`, ['up', 'down']),
  );
  up.output('out').pipe(multiply.input('up'));
  down.output('out').pipe(multiply.input('down'));
  multiply.pipe(workflow.addStream(forEach((line: string) => print(line))));
  await workflow.run();
}

if (require.main === module) {
  main().catch((err) => {
    console.error(err);
    process.exitCode = 1;
  });
}

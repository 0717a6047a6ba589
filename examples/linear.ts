/**
 * The seed's linear example: range → multiply → print.
 * Run: npm run example:linear
 */
import { Stream, Workflow, type Inputs, type Outputs } from '../src/index';

/** Produces 0 … 9, pausing whenever its output is full (method 1: inheritance). */
class Range extends Stream<{}, { entity: number }> {
  static override readonly OUT = ['entity'] as const;
  private next = 0;

  override run(_ins: Inputs<{}>, outs: Outputs<{ entity: number }>) {
    while (this.next < 10) if (!outs.entity.push(this.next++)) return true;
  }
}

/** Multiplies every item by 3 (method 2: a function). */
const multiply = new Stream<{ entity: number }, { entity: number }>({
  name: 'multiply',
  ins: ['entity'],
  outs: ['entity'],
  fn: (ins, outs) => {
    while (ins.entity.size > 0) if (!outs.entity.push(ins.entity.pop() * 3)) return true;
  },
});

/** Prints every item. */
const print = new Stream<{ entity: number }, {}>({
  name: 'print',
  ins: ['entity'],
  fn: (ins) => {
    while (ins.entity.size > 0) console.log(ins.entity.pop());
  },
});

export async function main(): Promise<void> {
  const workflow = new Workflow({ capacity: 4 });
  const range = workflow.addStream(new Range());
  range.pipe(workflow.addStream(multiply)).pipe(workflow.addStream(print));
  await workflow.run();
}

if (require.main === module) main();

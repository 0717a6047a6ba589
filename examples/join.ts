/**
 * The seed's join example: a range up and a range down, synchronised, multiplied.
 * Run: npm run example:join
 */
import { Stream, Workflow } from '../src/index';

const range = (name: string, from: number, to: number) =>
  new Stream<{}, { n: number }>({
    name,
    outs: ['n'],
    state: { next: from },
    fn: (_ins, outs, state) => {
      const step = from <= to ? 1 : -1;
      while (state.next !== to + step) {
        const n = state.next;
        state.next += step;
        if (!outs.n.push(n)) return true;
      }
    },
  });

export async function main(): Promise<void> {
  const workflow = new Workflow({ capacity: 4 });
  const up = workflow.addStream(range('up', 0, 9));
  const down = workflow.addStream(range('down', 9, 0));
  const multiply = workflow.addStream(
    new Stream<{ left: number; right: number }, { product: number }>({
      name: 'multiply',
      ins: ['left', 'right'],
      outs: ['product'],
      fn: (ins, outs) => {
        // Synchronised: left and right always hold the same number of items.
        while (ins.left.size > 0) {
          if (!outs.product.push(ins.left.pop() * ins.right.pop())) return true;
        }
      },
    }),
  );
  const print = workflow.addStream(
    new Stream<{ product: number }, {}>({
      name: 'print',
      ins: ['product'],
      fn: (ins) => {
        while (ins.product.size > 0) console.log(ins.product.pop());
      },
    }),
  );
  multiply.synchronise(['left', 'right']);
  up.output('n').pipe(multiply.input('left'));
  down.output('n').pipe(multiply.input('right'));
  multiply.pipe(print);
  await workflow.run();
}

if (require.main === module) main();

/**
 * The seed's fork example: route items by a condition to a `true` or a `false` output.
 * Run: npm run example:fork
 */
import { Stream, Workflow } from '../src/index';

export async function main(): Promise<void> {
  const workflow = new Workflow({ capacity: 4 });

  const numbers = workflow.addStream(
    new Stream<{}, { n: number }>({
      name: 'numbers',
      outs: ['n'],
      state: { next: 0 },
      fn: (_ins, outs, state) => {
        while (state.next < 10) if (!outs.n.push(state.next++)) return true;
      },
    }),
  );

  const isEven = workflow.addStream(
    new Stream<{ n: number }, { true: number; false: number }>({
      name: 'isEven',
      ins: ['n'],
      outs: ['true', 'false'],
      fn: (ins, outs) => {
        while (ins.n.size > 0) {
          const target = ins.n.peek() % 2 === 0 ? outs.true : outs.false;
          if (target.full) return true; // wait for room where this item goes
          target.push(ins.n.pop());
        }
      },
    }),
  );

  const printer = (label: string) =>
    new Stream<{ n: number }, {}>({
      name: label,
      ins: ['n'],
      fn: (ins) => {
        while (ins.n.size > 0) console.log(`${label}: ${ins.n.pop()}`);
      },
    });

  numbers.pipe(isEven);
  isEven.output('true').pipe(workflow.addStream(printer('even')).input('n'));
  isEven.output('false').pipe(workflow.addStream(printer('odd')).input('n'));
  await workflow.run();
}

if (require.main === module) main();

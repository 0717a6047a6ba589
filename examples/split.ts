/**
 * The seed's split example: one output broadcast to two consumers.
 * Run: npm run example:split
 */
import { Stream, Workflow } from '../src/index';

export async function main(): Promise<void> {
  const workflow = new Workflow({ capacity: 2 });
  const letters = workflow.addStream(
    new Stream<{}, { letter: string }>({
      name: 'letters',
      outs: ['letter'],
      state: { items: ['a', 'b', 'c', 'd', 'e'], i: 0 },
      fn: (_ins, outs, state) => {
        while (state.i < state.items.length) if (!outs.letter.push(state.items[state.i++])) return true;
      },
    }),
  );
  const upper = workflow.addStream(
    new Stream<{ letter: string }, {}>({
      name: 'upper',
      ins: ['letter'],
      fn: (ins) => {
        while (ins.letter.size > 0) console.log(`upper: ${ins.letter.pop().toUpperCase()}`);
      },
    }),
  );
  const repeat = workflow.addStream(
    new Stream<{ letter: string }, {}>({
      name: 'repeat',
      ins: ['letter'],
      fn: (ins) => {
        while (ins.letter.size > 0) console.log(`repeat: ${ins.letter.pop().repeat(2)}`);
      },
    }),
  );
  // Piping one output twice broadcasts: both consumers see every item.
  letters.pipe(upper);
  letters.pipe(repeat);
  await workflow.run();
}

if (require.main === module) main();

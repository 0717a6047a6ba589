import { Stream } from '../../src/index';

/** Routes each number to `even` or `odd`, waiting while either output is full. */
export function route(): Stream<{ in: number }, { even: number; odd: number }> {
  return new Stream<{ in: number }, { even: number; odd: number }>({
    name: 'route',
    ins: ['in'],
    outs: ['even', 'odd'],
    fn: (ins, outs) => {
      while (ins.in.size > 0 && !outs.even.full && !outs.odd.full) {
        const n = ins.in.pop();
        (n % 2 === 0 ? outs.even : outs.odd).push(n);
      }
    },
  });
}

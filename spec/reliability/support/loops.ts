/** Streams that build loops for the cycle and hang specs. */
import { Stream, type Inputs, type Outputs } from '../../../src/index';

/** Doubles every item it takes, pushing both only while there is room: round a loop, it fills every buffer. */
export function doubler(name: string): Stream<{ in: number }, { out: number }> {
  const pending: number[] = [];
  return new Stream<{ in: number }, { out: number }>({
    name,
    ins: ['in'],
    outs: ['out'],
    fn: (ins: Inputs<{ in: number }>, outs: Outputs<{ out: number }>) => {
      for (;;) {
        while (pending.length > 0 && !outs.out.full) outs.out.push(pending.shift()!);
        if (pending.length > 0 || ins.in.size === 0) break;
        const v = ins.in.pop();
        pending.push(v, v);
      }
      return pending.length > 0;
    },
  });
}

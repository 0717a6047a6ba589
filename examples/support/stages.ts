/**
 * Minimal stand-ins for the stage library's map, partition and forEach (same
 * signatures), used by the examples until the library stages are available.
 */
import { Stream, type PortTypes } from '../../src/index';

export function map<T, U>(
  fn: (item: T, index: number) => U,
  options: { name?: string } = {},
): Stream<{ in: T }, { out: U }> {
  let index = 0;
  return new Stream<{ in: T }, { out: U }>({
    name: options.name ?? 'map',
    ins: ['in'],
    outs: ['out'],
    fn: (ins, outs) => {
      while (ins.in.size > 0) if (!outs.out.push(fn(ins.in.pop(), index++))) return true;
    },
  });
}

export function partition<O extends PortTypes>(
  fn: (item: O[keyof O], index: number) => keyof O & string,
  names: readonly (keyof O & string)[],
  options: { name?: string } = {},
): Stream<{ in: O[keyof O] }, O> {
  let index = 0;
  return new Stream<any, any>({
    name: options.name ?? 'partition',
    ins: ['in'],
    outs: names,
    fn: (ins, outs) => {
      while (ins.in.size > 0) {
        const target = outs[fn(ins.in.peek(), index)];
        if (target.full) return true;
        target.push(ins.in.pop());
        index++;
      }
    },
  });
}

export function forEach<T>(
  fn: (item: T, index: number) => unknown,
  options: { name?: string } = {},
): Stream<{ in: T }, {}> {
  let index = 0;
  return new Stream<{ in: T }, {}>({
    name: options.name ?? 'forEach',
    ins: ['in'],
    fn: async (ins) => {
      while (ins.in.size > 0) await fn(ins.in.pop(), index++);
    },
  });
}

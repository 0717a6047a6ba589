/** Small streams and probes shared by the core specs. */
import { Stream, Workflow, type Step } from '../../src/index';

/** A source of the given items that records how many it pulled. */
export function source<T>(items: readonly T[], name = 'source'): Stream<{}, { out: T }> & { pulled: number } {
  const s = new Stream<{}, { out: T }>({
    name,
    outs: ['out'],
    fn: (_ins, outs) => {
      while (s.pulled < items.length) if (!outs.out.push(items[s.pulled++])) return true;
    },
  }) as Stream<{}, { out: T }> & { pulled: number };
  s.pulled = 0;
  return s;
}

/** A sink that keeps what it receives and counts its runs. */
export function sink<T>(name = 'sink'): Stream<{ in: T }, {}> & { items: T[]; runs: number } {
  const s = new Stream<{ in: T }, {}>({
    name,
    ins: ['in'],
    fn: (ins) => {
      s.runs++;
      while (ins.in.size > 0) s.items.push(ins.in.pop());
    },
  }) as Stream<{ in: T }, {}> & { items: T[]; runs: number };
  s.items = [];
  s.runs = 0;
  return s;
}

/** A 1→1 stream applying `f`, respecting back-pressure. */
export function map<A, B>(f: (a: A) => B, name = 'map'): Stream<{ in: A }, { out: B }> {
  return new Stream<{ in: A }, { out: B }>({
    name,
    ins: ['in'],
    outs: ['out'],
    fn: (ins, outs) => {
      while (ins.in.size > 0) {
        if (outs.out.full) return true;
        outs.out.push(f(ins.in.pop()));
      }
    },
  });
}

/** A sink that takes one item per macrotask: the slowest consumer. */
export function slowSink<T>(name = 'slow'): Stream<{ in: T }, {}> & { items: T[] } {
  const s = new Stream<{ in: T }, {}>({
    name,
    ins: ['in'],
    fn: async (ins) => {
      if (ins.in.size === 0) return false;
      await new Promise((resolve) => setImmediate(resolve));
      s.items.push(ins.in.pop());
      return ins.in.size > 0;
    },
  }) as Stream<{ in: T }, {}> & { items: T[] };
  s.items = [];
  return s;
}

/** Every connection's largest fill and its capacity. */
export function fills(workflow: Workflow): { conn: string; peak: number; capacity: number }[] {
  return workflow.steps.flatMap((s: Step) =>
    s.inputs.map((i) => ({ conn: i.conn.label, peak: i.conn.peak, capacity: i.conn.capacity })),
  );
}

/** Asserts that no connection of the workflow ever held more than its capacity. */
export function expectBounded(workflow: Workflow): void {
  for (const f of fills(workflow)) expect(f.peak).withContext(f.conn).toBeLessThanOrEqual(f.capacity);
}

/** Integers 0 … n-1. */
export const upTo = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

/**
 * The reference evaluator: what every input of a random graph must receive,
 * as a multiset, computed without buffers, scheduling or back-pressure.
 */
import { type GraphSpec, applyOp, route } from './graph';

/** received[node][input]: the sorted values each input must receive. */
export function evaluate(graph: GraphSpec): number[][][] {
  const { nodes, edges } = graph;
  const received = nodes.map((n) => Array.from({ length: n.ins }, () => [] as number[]));
  // emitted[node][output]: what the node pushes on each output.
  const emitted = nodes.map((n) => Array.from({ length: n.outs }, () => [] as number[]));
  nodes.forEach((node, j) => {
    const emit = (v: number) => {
      for (const o of route(node, v)) emitted[j][o].push(v);
    };
    for (const e of edges) if (e.to === j) received[j][e.in].push(...emitted[e.from][e.out]);
    if (node.ins === 0) {
      // A source has nothing to sum: it emits its items as they are.
      for (const v of node.items) for (const r of node.op.kind === 'sum' ? [v] : applyOp(node.op, v)) emit(r);
    } else {
      const all = received[j].flat();
      for (const v of all) for (const r of applyOp(node.op, v)) emit(r);
      if (node.op.kind === 'sum') emit(all.reduce((a, b) => a + b, 0));
    }
  });
  return received.map((ins) => ins.map((vs) => [...vs].sort(byNumber)));
}

/** How many items the graph moves in all: bounds the size of a case. */
export function volume(expected: number[][][]): number {
  let n = 0;
  for (const ins of expected) for (const vs of ins) n += vs.length;
  return n;
}

export function byNumber(a: number, b: number): number {
  return a - b;
}

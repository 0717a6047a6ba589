/** The order in which the run loop passes over the steps. */
import type { Step } from './step';

/** Downstream first: a depth-first post-order along the pipes, so consumers come before their producers. */
export function downstreamFirst(steps: readonly Step<any, any>[]): Step<any, any>[] {
  const order: Step<any, any>[] = [];
  const seen = new Set<Step<any, any>>();
  const visit = (root: Step<any, any>) => {
    // Iterative, so a long chain of streams cannot overflow the call stack.
    const stack: [Step<any, any>, Step<any, any>[]][] = [[root, consumers(root)]];
    seen.add(root);
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      const next = top[1].pop();
      if (next === undefined) {
        order.push(top[0]);
        stack.pop();
      } else if (!seen.has(next)) {
        seen.add(next);
        stack.push([next, consumers(next)]);
      }
    }
  };
  for (const step of steps) if (!seen.has(step)) visit(step);
  return order;
}

function consumers(step: Step<any, any>): Step<any, any>[] {
  const result: Step<any, any>[] = [];
  for (const o of step.outputs) for (const c of o.conns) result.push(c.consumer as Step<any, any>);
  return result.reverse();
}

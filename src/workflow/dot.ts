/**
 * Pictures of a workflow: Graphviz DOT, as the seed's `str(workflow)`.
 */
import type { Workflow } from './workflow';

/** Quotes a string for DOT. */
function quote(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** Escapes a string inside a record label. */
function field(text: string): string {
  return text.replace(/[\\{}|<>"]/g, (c) => `\\${c}`);
}

/** The workflow as a `digraph`: one record node per stream (inputs | name | outputs), one edge per pipe labelled with capacity. */
export function toDot(workflow: Workflow): string {
  const lines = ['digraph workflow {', '  rankdir=LR;', '  node [shape=record, fontname="Helvetica"];'];
  const id = new Map(workflow.steps.map((s, i) => [s, `s${i}`]));
  workflow.steps.forEach((step, i) => {
    const ins = step.stream.ins.map((p, k) => `<i${k}> ${field(p)}`).join('|');
    const outs = step.stream.outs.map((p, k) => `<o${k}> ${field(p)}`).join('|');
    const parts = [ins && `{${ins}}`, field(step.name), outs && `{${outs}}`].filter(Boolean);
    lines.push(`  s${i} [label=${quote(`{${parts.join('|')}}`)}];`);
  });
  for (const step of workflow.steps) {
    step.outputs.forEach((out, k) => {
      for (const conn of out.conns) {
        const consumer = workflow.steps.find((s) => s.inputs.some((i) => i.conn === conn));
        if (consumer === undefined) continue;
        const port = consumer.inputs.findIndex((i) => i.conn === conn);
        lines.push(`  ${id.get(step)}:o${k} -> ${id.get(consumer)}:i${port} [label="${conn.capacity}"];`);
      }
    });
  }
  lines.push('}');
  return lines.join('\n');
}

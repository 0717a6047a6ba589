/**
 * Pictures of a workflow: Graphviz DOT (as the seed's `str(workflow)`) and
 * Mermaid. Given a metrics snapshot, each connection shows its fill.
 */
import type { Workflow } from './workflow';
import type { Step } from './step';
import type { Connection } from '../connection';
import type { ConnectionMetrics, MetricsSnapshot } from './metrics';

/**
 * Quotes a plain label (an edge's) for DOT. Graphviz reads `\"` as a quote,
 * `\\` as one backslash (a lone one would start an escape such as `\N`) and
 * `&amp;` as `&` (so `&` is written `&amp;`, or `&lt;` would show as `<`).
 */
function quote(text: string): string {
  return `"${text
    .replace(/[\\"]/g, (c) => `\\${c}`)
    .replace(/&/g, '&amp;')
    .replace(/\r\n|\r|\n/g, '\\n')}"`;
}

/**
 * Escapes one field of a record label, which goes between the label's quotes
 * as it is (escaped once, not again by `quote`): the record syntax `{ } | < >`,
 * the backslash and the quote each get a backslash, `&` is `&amp;`, and a
 * line break is `\n`.
 */
function field(text: string): string {
  return text
    .replace(/[\\{}|<>"]/g, (c) => `\\${c}`)
    .replace(/&/g, '&amp;')
    .replace(/\r\n|\r|\n/g, '\\n');
}

/** One pipe: from an output port of one step to an input port of another, through a connection. */
interface Edge {
  from: Step<any, any>;
  out: number;
  to: Step<any, any>;
  in: number;
  conn: Connection;
}

function edges(workflow: Workflow): Edge[] {
  // Each connection's consumer, found once: a search per connection would make drawing quadratic.
  const consumers = new Map<Connection, { to: Step<any, any>; in: number }>();
  for (const to of workflow.steps) to.inputs.forEach((input, k) => consumers.set(input.conn, { to, in: k }));
  const result: Edge[] = [];
  for (const from of workflow.steps) {
    from.outputs.forEach((port, out) => {
      for (const conn of port.conns) {
        const consumer = consumers.get(conn);
        if (consumer !== undefined) result.push({ from, out, to: consumer.to, in: consumer.in, conn });
      }
    });
  }
  return result;
}

/** The steps placed nowhere, and those of each worker (in the order they were added). */
function byPlacement(workflow: Workflow): {
  here: Step<any, any>[];
  workers: Map<string, { replicas: number; steps: Step<any, any>[] }>;
} {
  const here: Step<any, any>[] = [];
  const workers = new Map<string, { replicas: number; steps: Step<any, any>[] }>();
  for (const step of workflow.steps) {
    const p = step.placement;
    if (p === null) {
      here.push(step);
      continue;
    }
    const w = workers.get(p.worker) ?? { replicas: p.replicas, steps: [] };
    w.steps.push(step);
    workers.set(p.worker, w);
  }
  return { here, workers };
}

/** A worker's cluster label: its name, and its replicas when more than one. */
function workerLabel(worker: string, replicas: number): string {
  return replicas > 1 ? `worker ${worker} ×${replicas}` : `worker ${worker}`;
}

/** A snapshot's connections by consumer label, or none. */
type Fills = Map<string, ConnectionMetrics> | null;

function fillsOf(metrics: MetricsSnapshot | undefined): Fills {
  return metrics === undefined ? null : new Map(metrics.connections.map((c) => [c.to, c]));
}

/** The edge label: the capacity, or with a snapshot the fill `size/capacity`. */
function edgeLabel(conn: Connection, fills: Fills): { text: string; fill: number | null } {
  const seen = fills?.get(conn.label);
  if (seen === undefined) return { text: String(conn.capacity), fill: null };
  return { text: `${seen.size}/${seen.capacity}`, fill: seen.fill };
}

/** Green when empty, through orange, to red when full. */
function fillColour(fill: number): string {
  if (fill >= 1) return '#d62728';
  if (fill >= 0.5) return '#ff7f0e';
  return '#2ca02c';
}

/** The workflow as a `digraph`: one record node per stream (inputs | name | outputs), one edge per pipe labelled with capacity or fill. */
export function toDot(workflow: Workflow, metrics?: MetricsSnapshot): string {
  const lines = ['digraph workflow {', '  rankdir=LR;', '  node [shape=record, fontname="Helvetica"];'];
  const fills = fillsOf(metrics);
  const id = new Map(workflow.steps.map((s, i) => [s, `s${i}`]));
  const node = (step: Step<any, any>, indent: string) => {
    const ins = step.stream.ins.map((p, k) => `<i${k}>${field(p)}`).join('|');
    const outs = step.stream.outs.map((p, k) => `<o${k}>${field(p)}`).join('|');
    const parts = [ins && `{${ins}}`, field(step.name), outs && `{${outs}}`].filter(Boolean);
    lines.push(`${indent}${id.get(step)} [label="{${parts.join('|')}}"];`);
  };
  const { here, workers } = byPlacement(workflow);
  for (const step of here) node(step, '  ');
  [...workers].forEach(([worker, { replicas, steps }], k) => {
    lines.push(`  subgraph cluster_${k} {`, `    label=${quote(workerLabel(worker, replicas))};`, '    style=dashed;');
    for (const step of steps) node(step, '    ');
    lines.push('  }');
  });
  for (const e of edges(workflow)) {
    const label = edgeLabel(e.conn, fills);
    const style =
      label.fill === null ? '' : `, color="${fillColour(label.fill)}", fontcolor="${fillColour(label.fill)}"`;
    lines.push(`  ${id.get(e.from)}:o${e.out} -> ${id.get(e.to)}:i${e.in} [label=${quote(label.text)}${style}];`);
  }
  lines.push('}');
  return lines.join('\n');
}

/**
 * Escapes text for a Mermaid label, which is quoted and read as HTML: every
 * character that would end the label or the edge text (`"`, `|`), open a tag
 * or an HTML entity (`<`, `>`, `&`) or break the line, and a `#` that would
 * start a Mermaid entity code (`#quot;`), becomes an entity code.
 */
function mermaidEscape(text: string): string {
  return text.replace(/#(?=\w+;)|["<>&|\r\n]/g, (c) => `#${c.charCodeAt(0)};`);
}

/** The workflow as a Mermaid `flowchart`: one node per stream showing its ports, one edge per pipe labelled `out → in (capacity)`. */
export function toMermaid(workflow: Workflow, metrics?: MetricsSnapshot): string {
  const lines = ['flowchart LR'];
  const id = new Map(workflow.steps.map((s, i) => [s, `s${i}`]));
  const node = (step: Step<any, any>, indent: string) => {
    const ports = [
      step.stream.ins.length ? `in: ${step.stream.ins.map(mermaidEscape).join(', ')}` : '',
      step.stream.outs.length ? `out: ${step.stream.outs.map(mermaidEscape).join(', ')}` : '',
    ].filter(Boolean);
    lines.push(`${indent}${id.get(step)}["${[mermaidEscape(step.name), ...ports].join('<br/>')}"]`);
  };
  const { here, workers } = byPlacement(workflow);
  for (const step of here) node(step, '  ');
  [...workers].forEach(([worker, { replicas, steps }], k) => {
    lines.push(`  subgraph w${k}["${mermaidEscape(workerLabel(worker, replicas))}"]`);
    for (const step of steps) node(step, '    ');
    lines.push('  end');
  });
  const styles: string[] = [];
  const fills = fillsOf(metrics);
  edges(workflow).forEach((e, k) => {
    const label = edgeLabel(e.conn, fills);
    const ports = `${mermaidEscape(e.from.stream.outs[e.out])} → ${mermaidEscape(e.to.stream.ins[e.in])} (${label.text})`;
    lines.push(`  ${id.get(e.from)} -->|"${ports}"| ${id.get(e.to)}`);
    if (label.fill !== null) styles.push(`  linkStyle ${k} stroke:${fillColour(label.fill)},stroke-width:2px`);
  });
  return [...lines, ...styles].join('\n');
}

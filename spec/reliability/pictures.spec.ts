/**
 * Pictures never lie about names: workflows of streams and ports with random
 * names full of the characters DOT records and Mermaid labels give meaning to
 * (`{ } | < > " \ & # ;`, line breaks) draw as DOT and Mermaid text that small
 * grammars (following Graphviz's and Mermaid's) read back to exactly those
 * names, ports and capacities. Where Graphviz is installed, `dot` draws a
 * sample of them without a warning and shows every name.
 */
import { execFileSync } from 'child_process';
import * as fc from 'fast-check';
import { Stream, Workflow, type Step } from '../../src/index';
import { PROPERTY_TIMEOUT, assertProperty } from './support/property';
import { asRecordText, parseDot, parseMermaid, type Field } from './support/pictures';

const charArb = fc.constantFrom(...'ab {}|<>"\\&#;\n\r'.split(''), 'quot', '→', 'é');
const nameArb = fc.string({ unit: charArb, minLength: 1, maxLength: 12 }).filter((n) => n !== '__proto__');
const portsArb = fc.uniqueArray(nameArb, { maxLength: 3 });
const workflowArb = fc.array(fc.record({ name: nameArb, ins: portsArb, outs: portsArb }), {
  minLength: 1,
  maxLength: 5,
});

type Spec = { name: string; ins: string[]; outs: string[] };

/** The streams, each piped from its first output into the next one's first input with capacity k + 1. */
function build(specs: readonly Spec[]): { workflow: Workflow; steps: Step<any, any>[] } {
  const workflow = new Workflow();
  const steps = specs.map((s) => workflow.addStream(new Stream(s)));
  for (let k = 0; k + 1 < steps.length; k++) {
    const out = specs[k].outs[0];
    const input = specs[k + 1].ins[0];
    if (out !== undefined && input !== undefined)
      steps[k].output(out).pipe(steps[k + 1].input(input), { capacity: k + 1 });
  }
  return { workflow, steps };
}

/** A name as a DOT record field shows it: line breaks as `\n`, spaces as Graphviz keeps them. */
function recordText(name: string): string {
  return asRecordText(name.replace(/\r\n|\r/g, '\n'));
}

/** The record label `toDot` must give a step: `{ {ins} | name | {outs} }`. */
function expectedRecord(step: Step<any, any>): Field[] {
  const ports = (names: readonly string[], prefix: string): Field[] =>
    names.map((n, k) => ({ port: `${prefix}${k}`, text: recordText(n) }));
  const ins = step.stream.ins;
  const outs = step.stream.outs;
  return [
    [
      ...(ins.length ? [ports(ins, 'i')] : []),
      { port: null, text: recordText(step.name) },
      ...(outs.length ? [ports(outs, 'o')] : []),
    ],
  ];
}

function expectedMermaid(step: Step<any, any>): string[] {
  const lines = [step.name];
  if (step.stream.ins.length) lines.push(`in: ${step.stream.ins.join(', ')}`);
  if (step.stream.outs.length) lines.push(`out: ${step.stream.outs.join(', ')}`);
  return lines;
}

/** The capacity label of each pipe, and its ports for Mermaid, in the order the pictures draw them. */
function expectedEdges(specs: readonly Spec[]): { from: number; to: number; capacity: number; label: string }[] {
  const edges = [];
  for (let k = 0; k + 1 < specs.length; k++) {
    const out = specs[k].outs[0];
    const input = specs[k + 1].ins[0];
    if (out !== undefined && input !== undefined)
      edges.push({ from: k, to: k + 1, capacity: k + 1, label: `${out} → ${input} (${k + 1})` });
  }
  return edges;
}

function problems(specs: readonly Spec[]): string[] {
  const { workflow, steps } = build(specs);
  const found: string[] = [];
  const dot = parseDot(workflow.toDot());
  steps.forEach((step, k) => {
    const got = JSON.stringify(dot.nodes.get(`s${k}`));
    const want = JSON.stringify(expectedRecord(step));
    if (got !== want) found.push(`DOT: s${k} reads back as ${got}, expected ${want}`);
  });
  const dotEdges = dot.edges.map((e) => `${e.from} -> ${e.to} ${e.label}`);
  const wantDotEdges = expectedEdges(specs).map((e) => `s${e.from}:o0 -> s${e.to}:i0 ${e.capacity}`);
  if (JSON.stringify(dotEdges) !== JSON.stringify(wantDotEdges))
    found.push(`DOT: edges ${JSON.stringify(dotEdges)}, expected ${JSON.stringify(wantDotEdges)}`);
  const mermaid = parseMermaid(workflow.toMermaid());
  steps.forEach((step, k) => {
    const got = JSON.stringify(mermaid.nodes.get(`s${k}`));
    const want = JSON.stringify(expectedMermaid(step));
    if (got !== want) found.push(`Mermaid: s${k} reads back as ${got}, expected ${want}`);
  });
  const mermaidEdges = mermaid.edges.map((e) => `${e.from} ${e.to} ${e.label}`);
  const wantMermaidEdges = expectedEdges(specs).map((e) => `s${e.from} s${e.to} ${e.label}`);
  if (JSON.stringify(mermaidEdges) !== JSON.stringify(wantMermaidEdges))
    found.push(`Mermaid: edges ${JSON.stringify(mermaidEdges)}, expected ${JSON.stringify(wantMermaidEdges)}`);
  return found;
}

/** Whether Graphviz's `dot` can be run here. */
function hasDot(): boolean {
  try {
    execFileSync('dot', ['-V'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Every text Graphviz's SVG shows, one per line of a label, XML entities resolved, trimmed. */
function svgTexts(svg: string): string[] {
  const texts: string[] = [];
  for (const m of svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)) {
    const text = m[1].replace(/&(amp|lt|gt|quot|#39|#160);/g, (_, e: string) =>
      e === 'amp' ? '&' : e === 'lt' ? '<' : e === 'gt' ? '>' : e === 'quot' ? '"' : e === '#39' ? "'" : ' ',
    );
    texts.push(text.trim());
  }
  return texts;
}

describe('reliability: pictures', () => {
  it(
    'read back to exactly the names, ports and capacities of the workflow',
    async () => {
      await assertProperty(
        'pictures',
        workflowArb,
        async (specs) => {
          const found = problems(specs);
          if (found.length > 0) throw new Error(found.join('\n'));
        },
        500,
      );
    },
    PROPERTY_TIMEOUT,
  );

  it('are drawn by Graphviz without a warning, showing every name', () => {
    if (!hasDot()) pending('Graphviz (dot) is not installed');
    const specs = fc.sample(workflowArb, { seed: 42, numRuns: 30 }).flat();
    const { workflow, steps } = build(specs);
    const svg = execFileSync('dot', ['-Tsvg'], { input: workflow.toDot(), encoding: 'utf8', stdio: 'pipe' });
    const want = steps
      .flatMap((s) => [...s.stream.ins, s.name, ...s.stream.outs])
      .flatMap((name) => recordText(name).split('\n'))
      .map((line) => line.trim())
      .concat(expectedEdges(specs).map((e) => String(e.capacity)));
    const got = svgTexts(svg);
    // Lines that are only spaces show as empty texts, or none.
    expect(got.filter((line) => line !== '').sort()).toEqual(want.filter((line) => line !== '').sort());
  });
});

import { Stream, Workflow, collect, fromIterable, type MetricsSnapshot } from '../../src/index';

function fanOut() {
  const workflow = new Workflow({ capacity: 8 });
  const split = new Stream<{ in: number }, { even: number; odd: number }>({
    name: 'split',
    ins: ['in'],
    outs: ['even', 'odd'],
  });
  const src = workflow.addStream(fromIterable([1, 2, 3], { name: 'numbers' }));
  const s = workflow.addStream(split);
  src.pipe(s, { capacity: 2 });
  s.output('even').pipe(workflow.addStream(collect<number>({ name: 'evens' })).input('in'));
  s.output('odd').pipe(workflow.addStream(collect<number>({ name: 'odds' })).input('in'));
  return workflow;
}

function fillOf(workflow: Workflow, sizes: Record<string, number>): MetricsSnapshot {
  const connections = workflow.steps.flatMap((s) =>
    s.inputs.map((i) => {
      const size = sizes[i.conn.label] ?? 0;
      const capacity = i.conn.capacity;
      return {
        from: '',
        to: i.conn.label,
        size,
        capacity,
        fill: size / capacity,
        passed: 0,
        peak: 0,
        timesFull: 0,
        dropped: 0,
        state: 'open' as const,
      };
    }),
  );
  return { time: 0, status: 'running', streams: [], connections };
}

describe('workflow pictures', () => {
  it('draws streams, ports and capacities as DOT, and String(workflow) is the DOT', () => {
    const workflow = fanOut();
    const dot = [
      'digraph workflow {',
      '  rankdir=LR;',
      '  node [shape=record, fontname="Helvetica"];',
      '  s0 [label="{numbers|{<o0> out}}"];',
      '  s1 [label="{{<i0> in}|split|{<o0> even|<o1> odd}}"];',
      '  s2 [label="{{<i0> in}|evens}"];',
      '  s3 [label="{{<i0> in}|odds}"];',
      '  s0:o0 -> s1:i0 [label="2"];',
      '  s1:o0 -> s2:i0 [label="8"];',
      '  s1:o1 -> s3:i0 [label="8"];',
      '}',
    ].join('\n');
    expect(workflow.toDot()).toBe(dot);
    expect(String(workflow)).toBe(dot);
  });

  it('shows each connection fill in DOT when given a snapshot', () => {
    const workflow = fanOut();
    const dot = workflow.toDot(fillOf(workflow, { 'split.in': 2, 'evens.in': 5 }));
    expect(dot.split('\n').filter((l) => l.includes('->'))).toEqual([
      '  s0:o0 -> s1:i0 [label="2/2", color="#d62728", fontcolor="#d62728"];',
      '  s1:o0 -> s2:i0 [label="5/8", color="#ff7f0e", fontcolor="#ff7f0e"];',
      '  s1:o1 -> s3:i0 [label="0/8", color="#2ca02c", fontcolor="#2ca02c"];',
    ]);
  });

  it('draws the workflow as a Mermaid flowchart, with fills when given a snapshot', () => {
    const workflow = fanOut();
    expect(workflow.toMermaid()).toBe(
      [
        'flowchart LR',
        '  s0["numbers<br/>out: out"]',
        '  s1["split<br/>in: in<br/>out: even, odd"]',
        '  s2["evens<br/>in: in"]',
        '  s3["odds<br/>in: in"]',
        '  s0 -->|"out → in (2)"| s1',
        '  s1 -->|"even → in (8)"| s2',
        '  s1 -->|"odd → in (8)"| s3',
      ].join('\n'),
    );
    const filled = workflow.toMermaid(fillOf(workflow, { 'split.in': 2 })).split('\n');
    expect(filled.slice(5)).toEqual([
      '  s0 -->|"out → in (2/2)"| s1',
      '  s1 -->|"even → in (0/8)"| s2',
      '  s1 -->|"odd → in (0/8)"| s3',
      '  linkStyle 0 stroke:#d62728,stroke-width:2px',
      '  linkStyle 1 stroke:#2ca02c,stroke-width:2px',
      '  linkStyle 2 stroke:#2ca02c,stroke-width:2px',
    ]);
  });

  it('quotes names that would break the picture', () => {
    const workflow = new Workflow();
    workflow.addStream(new Stream({ name: 'a "quoted" {x|y}', outs: ['o'] }));
    expect(workflow.toDot()).toContain('s0 [label="{a \\\\\\"quoted\\\\\\" \\\\{x\\\\|y\\\\}|{<o0> o}}"];');
    expect(workflow.toMermaid()).toContain('s0["a #quot;quoted#quot; {x|y}<br/>out: o"]');
  });
});

import { Stream, Workflow, collect, fromIterable, type MetricsSnapshot } from '../../src/index';
import { parseDot, parseMermaid } from '../reliability/support/pictures';

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
      '  s0 [label="{numbers|{<o0>out}}"];',
      '  s1 [label="{{<i0>in}|split|{<o0>even|<o1>odd}}"];',
      '  s2 [label="{{<i0>in}|evens}"];',
      '  s3 [label="{{<i0>in}|odds}"];',
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

  it('escapes record labels once: braces, bars, angle brackets, quotes, backslashes, ampersands, line breaks', () => {
    // Record labels used to be escaped twice (\\{ instead of \{): a name with a brace made
    // Graphviz fail ("bad label format"), and one with a bar split its field in two. A port's
    // text follows its <id> without a space, which Graphviz 2.43 drops after a non-ASCII letter.
    const workflow = new Workflow();
    workflow.addStream(new Stream({ name: 'a{b}', outs: ['o|p'] }));
    workflow.addStream(new Stream({ name: 'say "hi" \\ & <ok>\nbye', ins: ['x'] }));
    expect(workflow.toDot().split('\n').slice(3, 5)).toEqual([
      '  s0 [label="{a\\{b\\}|{<o0>o\\|p}}"];',
      '  s1 [label="{{<i0>x}|say \\"hi\\" \\\\ &amp; \\<ok\\>\\nbye}"];',
    ]);
    const picture = parseDot(workflow.toDot());
    expect(picture.nodes.get('s0') as unknown).toEqual([[{ port: null, text: 'a{b}' }, [{ port: 'o0', text: 'o|p' }]]]);
    expect(picture.nodes.get('s1') as unknown).toEqual([
      [[{ port: 'i0', text: 'x' }], { port: null, text: 'say "hi" \\ & <ok>\nbye' }],
    ]);
  });

  it('escapes Mermaid labels: quotes, bars, HTML characters, line breaks and entity-like names', () => {
    const workflow = new Workflow();
    const a = workflow.addStream(new Stream({ name: 'say "hi" & <ok>\nbye', outs: ['o|p'] }));
    const b = workflow.addStream(new Stream({ name: '#quot; map#2', ins: ['in'] }));
    a.output('o|p').pipe(b.input('in'), { capacity: 3 });
    expect(workflow.toMermaid().split('\n')).toEqual([
      'flowchart LR',
      '  s0["say #34;hi#34; #38; #60;ok#62;#10;bye<br/>out: o#124;p"]',
      '  s1["#35;quot; map#2<br/>in: in"]',
      '  s0 -->|"o#124;p → in (3)"| s1',
    ]);
    const picture = parseMermaid(workflow.toMermaid());
    expect(picture.nodes.get('s0')).toEqual(['say "hi" & <ok>\nbye', 'out: o|p']);
    expect(picture.nodes.get('s1')).toEqual(['#quot; map#2', 'in: in']);
    expect(picture.edges).toEqual([{ from: 's0', to: 's1', label: 'o|p → in (3)' }]);
  });
});

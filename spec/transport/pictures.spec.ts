import { Workflow, type MetricsSnapshot, collect, fromIterable, map } from '../../src/index';

function placed(): Workflow {
  const wf = new Workflow();
  wf.addStream(fromIterable([1], { name: 'lines' }))
    .pipe(
      wf.addStream(
        map((x: number) => x, { name: 'parse' }),
        { worker: 'cpu', replicas: 4 },
      ),
    )
    .pipe(wf.addStream(collect<number>({ name: 'save' })));
  return wf;
}

describe('pictures of a placed workflow', () => {
  it('DOT draws each worker as a cluster, with its replicas', () => {
    expect(String(placed())).toBe(
      [
        'digraph workflow {',
        '  rankdir=LR;',
        '  node [shape=record, fontname="Helvetica"];',
        '  s0 [label="{lines|{<o0>out}}"];',
        '  s2 [label="{{<i0>in}|save}"];',
        '  subgraph cluster_0 {',
        '    label="worker cpu ×4";',
        '    style=dashed;',
        '    s1 [label="{{<i0>in}|parse|{<o0>out}}"];',
        '  }',
        '  s0:o0 -> s1:i0 [label="64"];',
        '  s1:o0 -> s2:i0 [label="64"];',
        '}',
      ].join('\n'),
    );
  });

  it('Mermaid draws each worker as a subgraph', () => {
    expect(placed().toMermaid()).toBe(
      [
        'flowchart LR',
        '  s0["lines<br/>out: out"]',
        '  s2["save<br/>in: in"]',
        '  subgraph w0["worker cpu ×4"]',
        '    s1["parse<br/>in: in<br/>out: out"]',
        '  end',
        '  s0 -->|"out → in (64)"| s1',
        '  s1 -->|"out → in (64)"| s2',
      ].join('\n'),
    );
  });

  it('metrics name the worker of each stream', async () => {
    const wf = placed();
    const snapshots: MetricsSnapshot[] = [];
    const sub = wf.metrics().subscribe((m) => snapshots.push(m));
    await wf.run();
    sub.unsubscribe();
    expect(snapshots[snapshots.length - 1].streams.map((s) => `${s.name}: ${s.worker}`)).toEqual([
      'lines: null',
      'parse: cpu',
      'save: null',
    ]);
  });
});

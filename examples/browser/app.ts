/**
 * A workflow running in a web page: numbers are routed to even and odd sinks,
 * and the page shows the results and the workflow's picture as Mermaid.
 * Bundled by spec/browser/browser.spec.ts and run in headless Chromium.
 */
import { Stream, Workflow, collect, fromIterable } from '../../src/index';

export interface PageResult {
  even: number[];
  odd: number[];
  status: string;
  mermaid: string;
}

export async function runInPage(): Promise<PageResult> {
  const workflow = new Workflow({ capacity: 2 });
  const route = new Stream<{ n: number }, { even: number; odd: number }>({
    name: 'route',
    ins: ['n'],
    outs: ['even', 'odd'],
    fn: (ins, outs) => {
      while (ins.n.size > 0) {
        const target = ins.n.peek() % 2 === 0 ? outs.even : outs.odd;
        if (target.full) return true;
        target.push(ins.n.pop() * 10);
      }
    },
  });
  const even = collect<number>({ name: 'even' });
  const odd = collect<number>({ name: 'odd' });
  const r = workflow.addStream(route);
  workflow.addStream(fromIterable([1, 2, 3, 4, 5, 6, 7], { name: 'numbers' })).pipe(r);
  r.output('even').pipe(workflow.addStream(even).input('in'));
  r.output('odd').pipe(workflow.addStream(odd).input('in'));
  let status = 'unknown';
  workflow.metrics(1000).subscribe((m) => (status = m.status));
  await workflow.run();
  return { even: even.items, odd: odd.items, status, mermaid: workflow.toMermaid() };
}

const g = globalThis as { document?: { getElementById(id: string): { textContent: string | null } | null } };
if (g.document !== undefined) {
  runInPage().then(
    (result) => (g.document!.getElementById('result')!.textContent = JSON.stringify(result)),
    (err: unknown) => (g.document!.getElementById('result')!.textContent = `error: ${String(err)}`),
  );
}

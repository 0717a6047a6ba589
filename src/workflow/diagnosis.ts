/**
 * Why a workflow is stuck: from the unfinished streams of a deadlock, the
 * chain of who waits for whom — a stream waiting for input waits for the
 * producer of an empty connection; a stream waiting for room waits for the
 * consumer of a full one. The chain ends in a cycle, or at a stream that
 * waits for nobody stuck (typically one that does not consume a full input).
 * Everything here is linear in the size of the graph: a deadlock of ten
 * thousand streams is diagnosed as fast as it is found.
 */
import type { DeadlockDiagnosis, StuckConnection, StuckStream, WaitLink } from '../errors';
import { DeadlockError } from '../errors';
import type { Connection } from '../connection';
import type { OutputPort } from '../ports';
import type { Step } from './step';

/** How many stuck streams the message lists; `error.stuck` has them all. */
const LISTED = 20;

/** What the engine saw: nothing can run, or streams that ask to run again and never move anything. */
export type StuckKind = { readonly kind: 'deadlock' } | { readonly kind: 'busy'; readonly spinning: ReadonlySet<Step> };

/** The DeadlockError for a stuck run: every unfinished stream, the waiting chain, and the message. */
export function deadlockError(steps: readonly Step[], why: StuckKind): DeadlockError {
  const spinning = why.kind === 'busy' ? why.spinning : null;
  const graph = stuckGraph(steps, spinning);
  const diagnosis = diagnoseGraph(graph);
  const head =
    spinning === null
      ? 'deadlock: no stream can make progress and nothing asynchronous is pending.'
      : `deadlock: a busy loop: ${[...spinning].map((s) => `"${s.name}"`).join(', ')} ` +
        'kept returning true from run() without popping or pushing anything, and nothing else can make progress.';
  const listed = graph.stuck.slice(0, LISTED).map(describeStuck);
  if (graph.stuck.length > LISTED) listed.push(`  … and ${graph.stuck.length - LISTED} more (see error.stuck)`);
  const advice =
    spinning === null
      ? 'A stream waits for input that never comes, or for room in a full connection ' +
        'that nobody drains. Give a cycle more capacity, make every stream consume ' +
        'its inputs, or return true from run() only when an output is full.'
      : 'Return true from run() only when an output is full or work is left that run() will do; ' +
        'to wait for something outside the workflow, hold the run (stream.context.hold()) and wake the stream when it is ready.';
  const message = [head, ...listed, diagnosis.text, advice].join('\n');
  return new DeadlockError(message, graph.stuck, diagnosis);
}

/** The stuck streams, and for the chain: each stream's node with the steps on the other side of its connections. */
interface StuckGraph {
  readonly stuck: StuckStream[];
  readonly nodes: Node[];
}

interface Node {
  readonly step: Step;
  readonly stuck: StuckStream;
  /** The stream's wait links, in port order; the chain follows the first. */
  readonly links: WaitLink[];
  /** Index in `nodes` of the stream the first link waits on, or -1. */
  next: number;
  readonly edges: Edge[];
}

/** One connection for the picture, with the streams at its ends. */
interface Edge {
  readonly conn: StuckConnection;
  readonly from: readonly string[];
  readonly to: string;
}

/** What each unfinished step waits for, and the fill of its connections, when the run is stuck. */
export function stuckStreams(steps: readonly Step[]): StuckStream[] {
  return stuckGraph(steps, null).stuck;
}

function stuckGraph(steps: readonly Step[], spinning: ReadonlySet<Step> | null): StuckGraph {
  const unfinished = steps.filter((s) => s.state !== 'finished');
  const index = new Map<Step, number>();
  unfinished.forEach((s, i) => index.set(s, i));
  const views = new Map<Connection<unknown>, Edge>();
  const edge = (c: Connection<unknown>): Edge => {
    let e = views.get(c);
    if (e === undefined) {
      const conn: StuckConnection = {
        from: c.producers.map((p) => p.label).join(', ') || '(nothing)',
        to: c.label,
        size: c.size,
        capacity: c.capacity,
        state: c.state,
      };
      e = { conn, from: c.producers.map((p) => ownerOf(p).name), to: (c.consumer as Step).name };
      views.set(c, e);
    }
    return e;
  };
  const nodes: Node[] = unfinished.map((step) => {
    const ins = step.inputs.map((i) => edge(i.conn));
    const outs = step.outputs.flatMap((o) => o.conns.map(edge));
    const stuck: StuckStream = {
      stream: step.name,
      state: stateOf(step, spinning),
      inputs: ins.map((e) => e.conn),
      outputs: outs.map((e) => e.conn),
    };
    return { step, stuck, links: [], next: -1, edges: [...ins, ...outs] };
  });
  for (const node of nodes) {
    const s = node.stuck;
    const step = node.step;
    const link = (waitsFor: 'input' | 'room', c: Connection<unknown>, other: Step) => {
      const at = index.get(other);
      if (at === undefined) return;
      if (node.links.length === 0) node.next = at;
      node.links.push({ stream: s.stream, waitsFor, connection: edge(c).conn, on: other.name });
    };
    // A stream holding unread input may still wait for more on another input (a join holding one side).
    if (s.state === 'waiting for input' || s.state === 'holding unread input') {
      for (const input of step.inputs) {
        const c = input.conn;
        if (c.state === 'open' && c.size === 0) for (const p of c.producers) link('input', c, ownerOf(p));
      }
    } else {
      for (const output of step.outputs)
        for (const c of output.conns)
          if (c.state !== 'cancelled' && c.size >= c.capacity) link('room', c, c.consumer as Step);
    }
  }
  return { stuck: nodes.map((n) => n.stuck), nodes };
}

function ownerOf(p: { readonly step: unknown }): Step {
  return (p as OutputPort).owner as Step;
}

function stateOf(step: Step, spinning: ReadonlySet<Step> | null): string {
  if (spinning !== null && spinning.has(step)) return 'asking to run again without progress';
  // A stand-in for the other end of a remote edge (see src/transport).
  if (step.remote) {
    if (step.inputs.length > 0)
      return step.inputs[0].conn.size > 0 ? 'sending, waiting for credit' : 'sending, waiting for input';
    return step.again || step.signalled ? 'receiving, waiting for room' : 'receiving, waiting for a pack';
  }
  if (step.outside > 0) return 'fed from outside, nothing it emits can move';
  if (step.again || (step.signalled && step.inputs.length === 0)) return 'waiting for room';
  if (step.signalled) return 'blocked by full outputs';
  for (const i of step.inputs) if (i.conn.size > 0) return 'holding unread input';
  return 'waiting for input';
}

/** Follows the first wait of each stuck stream; the first cycle found wins, else the longest chain (the first of equals). */
function diagnoseGraph(graph: StuckGraph): DeadlockDiagnosis {
  const { nodes, stuck } = graph;
  const n = nodes.length;
  // 0: not seen; 1: on the walk now; 2: walked, with `length` known.
  const mark = new Uint8Array(n);
  const length = new Int32Array(n);
  const position = new Int32Array(n);
  let best = -1;
  let cycleAt = -1;
  const path: number[] = [];
  for (let start = 0; start < n && cycleAt < 0; start++) {
    if (mark[start] === 2) continue;
    path.length = 0;
    let at = start;
    for (;;) {
      mark[at] = 1;
      position[at] = path.length;
      path.push(at);
      const next = nodes[at].next;
      if (next < 0 || mark[next] === 2) break;
      if (mark[next] === 1) {
        cycleAt = position[next];
        break;
      }
      at = next;
    }
    if (cycleAt >= 0) break;
    for (let i = path.length - 1; i >= 0; i--) {
      const node = path[i];
      const next = nodes[node].next;
      length[node] = next < 0 ? 0 : 1 + length[next];
      mark[node] = 2;
    }
    if (best < 0 || length[start] > length[best]) best = start;
  }
  const chain: WaitLink[] = [];
  if (cycleAt >= 0) {
    for (let i = cycleAt; i < path.length; i++) chain.push(nodes[path[i]].links[0]);
  } else if (best >= 0) {
    for (let at = best; nodes[at].next >= 0; at = nodes[at].next) chain.push(nodes[at].links[0]);
  }
  const cycle = cycleAt >= 0;
  const end = cycle ? null : chain.length ? chain[chain.length - 1].on : (stuck[0]?.stream ?? null);
  const endNode = end === null ? undefined : nodes.find((x) => x.stuck.stream === end);
  const text = render(chain, cycle, end, endNode?.stuck, stuck.length);
  return { chain, cycle, end, text, toDot: () => diagnosisDot(nodes, chain) };
}

function describeStuck(s: StuckStream): string {
  const conn = (c: StuckConnection) => `${c.from} -> ${c.to} ${c.size}/${c.capacity} ${c.state}`;
  const ins = s.inputs.length ? s.inputs.map(conn).join(', ') : 'none';
  const outs = s.outputs.length ? s.outputs.map(conn).join(', ') : 'none';
  return `  ${s.stream} (${s.state}): inputs [${ins}]; outputs [${outs}]`;
}

function describeLink(l: WaitLink): string {
  const c = l.connection;
  const where = `${c.from} -> ${c.to} (${c.size}/${c.capacity}, ${l.waitsFor === 'input' ? 'empty' : 'full'})`;
  return l.waitsFor === 'input'
    ? `${l.stream} waits for input from ${l.on} on ${where}`
    : `${l.stream} waits for room in ${where}, drained by ${l.on}`;
}

function render(
  chain: readonly WaitLink[],
  cycle: boolean,
  end: string | null,
  endStuck: StuckStream | undefined,
  count: number,
): string {
  if (count === 0) return 'waiting chain: none (no stream is left unfinished)';
  const lines = chain.map((l) => `  ${describeLink(l)}`);
  if (cycle)
    lines.push(
      `  … and ${chain[0].stream} again: a cycle. Give one of its connections more capacity, or break the cycle.`,
    );
  else if (end !== null) {
    const full = endStuck?.inputs.filter((c) => c.size >= c.capacity) ?? [];
    lines.push(
      endStuck?.state === 'asking to run again without progress'
        ? `  ${end} (${endStuck.state}) returns true from run() but moves nothing: return true only while an output is full or work is left.`
        : full.length
          ? `  ${end} (${endStuck?.state}) does not consume its full input ${full.map((c) => c.to).join(', ')}: pop it in run(), or return true while there is work left.`
          : `  ${end} (${endStuck?.state ?? 'stuck'}) waits for nothing that can change: check what its run() expects.`,
    );
  }
  return `waiting chain:\n${lines.join('\n')}`;
}

function dotQuote(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

function diagnosisDot(nodes: readonly Node[], chain: readonly WaitLink[]): string {
  const onChain = new Set(chain.flatMap((l) => [l.stream, l.on]));
  const hot = new Set(chain.map((l) => l.connection));
  const lines = ['digraph deadlock {', '  rankdir=LR;', '  node [shape=box, fontname="Helvetica"];'];
  for (const { stuck: s } of nodes) {
    const colour = onChain.has(s.stream) ? ', color="#d62728", penwidth=2' : '';
    const label = `${dotQuote(s.stream).slice(0, -1)}\\n${dotQuote(s.state).slice(1)}`;
    lines.push(`  ${dotQuote(s.stream)} [label=${label}${colour}];`);
  }
  const drawn = new Set<StuckConnection>();
  for (const node of nodes) {
    for (const e of node.edges) {
      if (drawn.has(e.conn)) continue;
      drawn.add(e.conn);
      const c = e.conn;
      const style = hot.has(c) ? ', color="#d62728", fontcolor="#d62728", penwidth=2' : '';
      for (const from of e.from) {
        lines.push(`  ${dotQuote(from)} -> ${dotQuote(e.to)} [label=${dotQuote(`${c.size}/${c.capacity}`)}${style}];`);
      }
    }
  }
  lines.push('}');
  return lines.join('\n');
}

/**
 * Why a workflow is stuck: from the unfinished streams of a deadlock, the
 * chain of who waits for whom — a stream waiting for input waits for the
 * producer of an empty connection; a stream waiting for room waits for the
 * consumer of a full one. The chain ends in a cycle, or at a stream that
 * waits for nobody stuck (typically one that does not consume a full input).
 */
import type { StuckConnection, StuckStream } from '../errors';
import type { Connection } from '../connection';
import type { Step } from './step';

/** One link of a waiting chain: `stream` waits on `connection` for input or for room. */
export interface WaitLink {
  readonly stream: string;
  readonly waitsFor: 'input' | 'room';
  readonly connection: StuckConnection;
  /** The stream on the other side of the connection, that `stream` waits for. */
  readonly on: string;
}

/** A structured account of a deadlock: the waiting chain and how to read it. */
export interface DeadlockDiagnosis {
  /** The waiting chain, first link first. */
  readonly chain: readonly WaitLink[];
  /** The chain closes on itself (a cycle of full and empty connections). */
  readonly cycle: boolean;
  /** Where the chain ends when it is not a cycle: a stream that waits for nobody stuck. */
  readonly end: string | null;
  /** The chain in words, one link a line. */
  readonly text: string;
  /** Every stuck stream and connection as a Graphviz `digraph`, the waiting chain in red. */
  toDot(): string;
}

/** What each unfinished step waits for, and the fill of its connections, when the run is stuck. */
export function stuckStreams(order: readonly Step<any, any>[]): StuckStream[] {
  return order
    .filter((s) => s.state !== 'finished')
    .map((s) => ({
      stream: s.name,
      state: s.again ? 'waiting for room' : s.signalled ? 'blocked by full outputs' : idleState(s),
      inputs: s.inputs.map((i) => stuckConnection(i.conn)),
      outputs: s.outputs.flatMap((o) => o.conns.map(stuckConnection)),
    }));
}

/** A stream that returned without asking to run again: it holds input it did not read, or waits for more. */
function idleState(step: Step<any, any>): string {
  for (const i of step.inputs) if (i.conn.size > 0) return 'holding unread input';
  return 'waiting for input';
}

function stuckConnection(c: Connection<unknown>): StuckConnection {
  return {
    from: c.producers.map((p) => p.label).join(', ') || '(nothing)',
    to: c.label,
    size: c.size,
    capacity: c.capacity,
    state: c.state,
  };
}

/** The stream a `stream.port` label belongs to, among the stuck streams' names (names may contain dots). */
function owner(label: string, names: readonly string[]): string {
  let best = '';
  for (const n of names) if (label.startsWith(`${n}.`) && n.length > best.length) best = n;
  return best || label.slice(0, Math.max(0, label.lastIndexOf('.'))) || label;
}

function waits(s: StuckStream, names: readonly string[]): WaitLink[] {
  const links: WaitLink[] = [];
  // A stream holding unread input may still wait for more on another input (a join holding one side).
  const forInput = s.state === 'waiting for input' || s.state === 'holding unread input';
  const conns = forInput ? s.inputs : s.outputs;
  for (const c of conns) {
    if (forInput ? c.state === 'open' && c.size === 0 : c.state !== 'cancelled' && c.size >= c.capacity) {
      const others = forInput ? c.from.split(', ').map((l) => owner(l, names)) : [owner(c.to, names)];
      for (const on of others)
        if (names.includes(on))
          links.push({ stream: s.stream, waitsFor: forInput ? 'input' : 'room', connection: c, on });
    }
  }
  return links;
}

/** Follows the waits from each stuck stream; the first cycle found wins, else the longest chain. */
export function diagnose(stuck: readonly StuckStream[]): DeadlockDiagnosis {
  const names = stuck.map((s) => s.stream);
  const byName = new Map(stuck.map((s) => [s.stream, waits(s, names)]));
  let best: WaitLink[] = [];
  let cycle = false;
  for (const start of names) {
    const chain: WaitLink[] = [];
    const seen = new Map<string, number>([[start, 0]]);
    let at = start;
    for (;;) {
      const link = byName.get(at)?.[0];
      if (link === undefined) break;
      chain.push(link);
      const again = seen.get(link.on);
      if (again !== undefined) {
        best = chain.slice(again);
        cycle = true;
        break;
      }
      seen.set(link.on, chain.length);
      at = link.on;
    }
    if (cycle) break;
    if (chain.length > best.length) best = chain;
  }
  const end = cycle ? null : best.length ? best[best.length - 1].on : (names[0] ?? null);
  const text = render(best, cycle, end, stuck);
  return { chain: best, cycle, end, text, toDot: () => diagnosisDot(stuck, best) };
}

function describeLink(l: WaitLink): string {
  const c = l.connection;
  const where = `${c.from} -> ${c.to} (${c.size}/${c.capacity}, ${l.waitsFor === 'input' ? 'empty' : 'full'})`;
  return l.waitsFor === 'input'
    ? `${l.stream} waits for input from ${l.on} on ${where}`
    : `${l.stream} waits for room in ${where}, drained by ${l.on}`;
}

function render(chain: readonly WaitLink[], cycle: boolean, end: string | null, stuck: readonly StuckStream[]): string {
  if (stuck.length === 0) return 'waiting chain: none (no stream is left unfinished)';
  const lines = chain.map((l) => `  ${describeLink(l)}`);
  if (cycle)
    lines.push(
      `  … and ${chain[0].stream} again: a cycle. Give one of its connections more capacity, or break the cycle.`,
    );
  else if (end !== null) {
    const s = stuck.find((x) => x.stream === end);
    const full = s?.inputs.filter((c) => c.size >= c.capacity) ?? [];
    lines.push(
      full.length
        ? `  ${end} (${s?.state}) does not consume its full input ${full.map((c) => c.to).join(', ')}: pop it in run(), or return true while there is work left.`
        : `  ${end} (${s?.state ?? 'stuck'}) waits for nothing that can change: check what its run() expects.`,
    );
  }
  return `waiting chain:\n${lines.join('\n')}`;
}

function dotQuote(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

function diagnosisDot(stuck: readonly StuckStream[], chain: readonly WaitLink[]): string {
  const names = stuck.map((s) => s.stream);
  const onChain = new Set(chain.flatMap((l) => [l.stream, l.on]));
  const hot = new Set(chain.map((l) => l.connection));
  const lines = ['digraph deadlock {', '  rankdir=LR;', '  node [shape=box, fontname="Helvetica"];'];
  for (const s of stuck) {
    const colour = onChain.has(s.stream) ? ', color="#d62728", penwidth=2' : '';
    const label = `${dotQuote(s.stream).slice(0, -1)}\\n${dotQuote(s.state).slice(1)}`;
    lines.push(`  ${dotQuote(s.stream)} [label=${label}${colour}];`);
  }
  const drawn = new Set<string>();
  for (const s of stuck) {
    for (const c of [...s.inputs, ...s.outputs]) {
      const key = `${c.from}->${c.to}`;
      if (drawn.has(key)) continue;
      drawn.add(key);
      const isHot = [...hot].some((h) => h.from === c.from && h.to === c.to);
      const style = isHot ? ', color="#d62728", fontcolor="#d62728", penwidth=2' : '';
      const to = owner(c.to, names);
      for (const from of c.from.split(', ').map((l) => owner(l, names))) {
        lines.push(`  ${dotQuote(from)} -> ${dotQuote(to)} [label=${dotQuote(`${c.size}/${c.capacity}`)}${style}];`);
      }
    }
  }
  lines.push('}');
  return lines.join('\n');
}

/**
 * Reads back the pictures `toDot()` and `toMermaid()` draw, by small grammars
 * that follow how Graphviz and Mermaid read them, so that a spec can check
 * that every name comes out exactly as it went in without either tool:
 *
 * - DOT: the lexer's quoted strings (only `\"` and `\\` are pairs), the record
 *   label syntax (`{ } | < >` structure, a backslash escapes one of them),
 *   then the label's own escapes (`\\`, `\n`) and HTML entities (`&amp;`).
 * - Mermaid: quoted labels without a raw `"` (nor `|` in edge text, nor `<`
 *   and `>` but the `<br/>` line breaks), entity codes (`#34;`, `#quot;`).
 */

/** A field of a record label: text with an optional port, or a nested list of fields. */
export type Field = { readonly port: string | null; readonly text: string } | readonly Field[];

export interface DotPicture {
  /** Each node's record label, by node id. */
  readonly nodes: Map<string, readonly Field[]>;
  readonly edges: readonly { from: string; to: string; label: string }[];
}

type Token = { kind: 'id' | 'string' | 'punct'; text: string };

function lex(dot: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < dot.length) {
    const c = dot[i];
    if (/\s/.test(c)) {
      i++;
    } else if (/[A-Za-z_0-9]/.test(c)) {
      let j = i;
      while (j < dot.length && /[A-Za-z_0-9]/.test(dot[j])) j++;
      tokens.push({ kind: 'id', text: dot.slice(i, j) });
      i = j;
    } else if (c === '-' && dot[i + 1] === '>') {
      tokens.push({ kind: 'punct', text: '->' });
      i += 2;
    } else if ('{}[];=,:'.includes(c)) {
      tokens.push({ kind: 'punct', text: c });
      i++;
    } else if (c === '"') {
      let text = '';
      i++;
      for (;;) {
        if (i >= dot.length) throw new Error('DOT: a quoted string does not end');
        const d = dot[i];
        if (d === '"') break;
        if (d === '\n') throw new Error(`DOT: a raw line break in a quoted string, after "${text}"`);
        if (d === '\\' && dot[i + 1] === '"') {
          text += '"';
          i += 2;
        } else if (d === '\\' && dot[i + 1] === '\\') {
          text += '\\\\';
          i += 2;
        } else {
          text += d;
          i++;
        }
      }
      tokens.push({ kind: 'string', text });
      i++;
    } else {
      throw new Error(`DOT: unexpected character ${JSON.stringify(c)}`);
    }
  }
  return tokens;
}

/** Parses a DOT digraph as `toDot` writes it; throws on anything else. */
export function parseDot(dot: string): DotPicture {
  const tokens = lex(dot);
  let k = 0;
  const next = (): Token => {
    if (k >= tokens.length) throw new Error('DOT: the graph ends too early');
    return tokens[k++];
  };
  const expect = (text: string, kind: Token['kind'] = 'punct'): void => {
    const t = next();
    if (t.kind !== kind || t.text !== text) throw new Error(`DOT: expected ${text}, got ${t.text}`);
  };
  const id = (): string => {
    const t = next();
    if (t.kind !== 'id') throw new Error(`DOT: expected a name, got ${t.text}`);
    return t.text;
  };
  const attrs = (): Map<string, string> => {
    const result = new Map<string, string>();
    expect('[');
    for (;;) {
      const key = id();
      expect('=');
      const value = next();
      if (value.kind === 'punct') throw new Error(`DOT: attribute ${key} has no value`);
      result.set(key, value.text);
      const t = next();
      if (t.text === ']') return result;
      if (t.text !== ',') throw new Error(`DOT: expected , or ], got ${t.text}`);
    }
  };
  expect('digraph', 'id');
  id();
  expect('{');
  const nodes = new Map<string, readonly Field[]>();
  const edges: { from: string; to: string; label: string }[] = [];
  while (tokens[k]?.text !== '}') {
    const name = id();
    const t = tokens[k];
    if (t?.text === '=') {
      k++;
      id();
    } else if (t?.text === '[') {
      const a = attrs();
      if (name !== 'node') nodes.set(name, parseRecord(a.get('label') ?? ''));
    } else {
      expect(':');
      const fromPort = id();
      expect('->');
      const to = id();
      expect(':');
      const toPort = id();
      edges.push({ from: `${name}:${fromPort}`, to: `${to}:${toPort}`, label: labelText(attrs().get('label') ?? '') });
    }
    expect(';');
  }
  expect('}');
  if (k !== tokens.length) throw new Error('DOT: text after the graph');
  return { nodes, edges };
}

/** Parses a record label (after the DOT lexer) into its fields, as Graphviz's record parser does. */
export function parseRecord(label: string): Field[] {
  let i = 0;
  const rlabel = (nested: boolean): Field[] => {
    const fields: Field[] = [];
    for (;;) {
      fields.push(field());
      const c = label[i];
      if (c === '|') {
        i++;
        continue;
      }
      if (c === '}') {
        if (!nested) throw new Error(`bad label format: an unmatched } in ${JSON.stringify(label)}`);
        i++;
        return fields;
      }
      if (c === undefined) {
        if (nested) throw new Error(`bad label format: a { is not closed in ${JSON.stringify(label)}`);
        return fields;
      }
      throw new Error(`bad label format: ${JSON.stringify(c)} in ${JSON.stringify(label)}`);
    }
  };
  const field = (): Field => {
    while (label[i] === ' ') i++;
    if (label[i] === '{') {
      i++;
      const inner = rlabel(true);
      while (label[i] === ' ') i++;
      return inner;
    }
    let port: string | null = null;
    let text = '';
    for (;;) {
      const c = label[i];
      if (c === undefined || c === '|' || c === '}') break;
      if (c === '{') throw new Error(`bad label format: a { inside text in ${JSON.stringify(label)}`);
      if (c === '<') {
        if (port !== null || text.trim() !== '')
          throw new Error(`bad label format: a second < in ${JSON.stringify(label)}`);
        const end = label.indexOf('>', i);
        if (end < 0) throw new Error(`bad label format: a < is not closed in ${JSON.stringify(label)}`);
        port = label.slice(i + 1, end);
        i = end + 1;
        continue;
      }
      if (c === '>') throw new Error(`bad label format: a > without < in ${JSON.stringify(label)}`);
      if (c === '\\' && i + 1 < label.length) {
        const d = label[i + 1];
        // An escaped record character is that character; any other escape is left to the label's text.
        text += '{}|<> '.includes(d) ? d : `\\${d}`;
        i += 2;
        continue;
      }
      // Unescaped spaces: none at the start, one of a run, none at the end.
      if (c !== ' ' || (text !== '' && !text.endsWith(' '))) text += c;
      i++;
    }
    return { port, text: labelText(text.replace(/ +$/, '')) };
  };
  return rlabel(false);
}

/** A label's text as Graphviz shows it: its escapes and HTML entities resolved (`\\N` and the like refused). */
export function labelText(raw: string): string {
  const unescaped = raw.replace(/\\(.)/g, (_, c: string) => {
    if (c === '\\') return '\\';
    if (c === 'n' || c === 'l' || c === 'r') return '\n';
    throw new Error(`the label ${JSON.stringify(raw)} has the escape \\${c}, which Graphviz would replace`);
  });
  return unescaped.replace(/&(amp|lt|gt|quot|#\d+);/g, (_, e: string) =>
    e === 'amp'
      ? '&'
      : e === 'lt'
        ? '<'
        : e === 'gt'
          ? '>'
          : e === 'quot'
            ? '"'
            : String.fromCharCode(Number(e.slice(1))),
  );
}

/** A name as a record field shows it: spaces at either end dropped, runs of spaces made one. */
export function asRecordText(name: string): string {
  return name.replace(/^ +| +$/g, '').replace(/ {2,}/g, ' ');
}

export interface MermaidPicture {
  /** Each node's label lines, by node id. */
  readonly nodes: Map<string, readonly string[]>;
  readonly edges: readonly { from: string; to: string; label: string }[];
}

/** Parses a Mermaid flowchart as `toMermaid` writes it; throws on anything else. */
export function parseMermaid(text: string): MermaidPicture {
  const [first, ...lines] = text.split('\n');
  if (first !== 'flowchart LR') throw new Error(`Mermaid: expected "flowchart LR", got ${JSON.stringify(first)}`);
  const nodes = new Map<string, readonly string[]>();
  const edges: { from: string; to: string; label: string }[] = [];
  for (const line of lines) {
    let m = /^ {2}(s\d+)\["([^"]*)"\]$/.exec(line);
    if (m !== null) {
      nodes.set(
        m[1],
        m[2].split('<br/>').map((part) => mermaidText(part)),
      );
      continue;
    }
    m = /^ {2}(s\d+) -->\|"([^"|]*)"\| (s\d+)$/.exec(line);
    if (m !== null) {
      edges.push({ from: m[1], to: m[3], label: mermaidText(m[2]) });
      continue;
    }
    if (/^ {2}linkStyle \d+ stroke:#[0-9a-f]{6},stroke-width:2px$/.test(line)) continue;
    throw new Error(`Mermaid: cannot read the line ${JSON.stringify(line)}`);
  }
  return { nodes, edges };
}

/** Label text with Mermaid's entity codes resolved; a raw `<`, `>` or `&` would be read as HTML. */
function mermaidText(raw: string): string {
  if (/[<>&]/.test(raw)) throw new Error(`Mermaid: the label ${JSON.stringify(raw)} has raw HTML characters`);
  return raw.replace(/#(\w+);/g, (all, e: string) => {
    if (/^\d+$/.test(e)) return String.fromCharCode(Number(e));
    const named: Record<string, string> = { quot: '"', amp: '&', lt: '<', gt: '>' };
    if (Object.hasOwn(named, e)) return named[e];
    throw new Error(`Mermaid: unknown entity ${all}`);
  });
}

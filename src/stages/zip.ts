import type { Input, Inputs, Outputs, PortTypes } from '../types';
import { Stream } from '../stream';
import { InputPort, OutputPort } from '../ports';
import { portNames, stageOptions, type Numbered, type StageOptions } from './check';

/**
 * Waits for one item on every input and emits them together, as an object
 * keyed by input name. The inputs form a sync group: a fast input fills its
 * own bounded connection and then waits for the slow ones.
 *
 * - emits when: every input has an item and the output has room
 * - back-pressures when: the output is full, or (each input) it is ahead of the others
 * - completes when: any input is done (items left on the others are cancelled)
 * - cancels when: the output is cancelled, or it completes
 * - fails when: never
 *
 * ```
 * a:   -1---2---3|
 * b:   ---x---y|         zip(['a', 'b'])
 * out: ---A---B|         A = { a: 1, b: 'x' }, B = { a: 2, b: 'y' }
 * ```
 *
 * @example
 * ```ts
 * const pairs = workflow.addStream(zip<{ up: number; down: number }>(['up', 'down']));
 * ```
 */
export function zip<const N extends number, T = any>(
  n: N,
  options?: StageOptions,
): Stream<{ [K in Numbered<'in', N>]: T }, { out: { [K in Numbered<'in', N>]: T } }>;
export function zip<const N extends string>(
  names: readonly N[],
  options?: StageOptions,
): Stream<{ [K in N]: any }, { out: { [K in N]: any } }>;
export function zip<I extends PortTypes>(
  names: readonly (keyof I & string)[],
  options?: StageOptions,
): Stream<I, { out: I }>;
export function zip(
  spec: number | readonly string[],
  options?: StageOptions,
): Stream<Record<string, unknown>, { out: unknown }> {
  const names = portNames('zip', 'names', spec, 'in', 2);
  return new ZipStage(names, (set) => set, stageOptions('zip', options).name);
}

/**
 * Pops one set of a sync group and hands it to a combining function; shared with `zipWith`.
 * Each set is a new object, so a combining function may keep it (zip emits it as it is).
 */
export class ZipStage<R> extends Stream<Record<string, unknown>, { out: R }> {
  private ports: Input<unknown>[] | null = null;
  private readonly keys: string[];

  constructor(
    names: string[],
    private readonly combine: (set: Record<string, unknown>) => R,
    name: string,
  ) {
    super({ name, ins: names, outs: ['out'], sync: [names] });
    this.keys = names.slice();
  }

  override run(ins: Inputs<Record<string, unknown>>, outs: Outputs<{ out: R }>): boolean {
    const ports = (this.ports ??= this.ins.map((n) => ins[n]));
    const out = outs.out;
    if (out.full) return true;
    const keys = this.keys;
    const combine = this.combine;
    const n = ports.length;
    // In a sync group every input shows the same number of complete sets, and reading it
    // scans the group: read it once (nothing arrives while this runs).
    let sets = ports[0].size;
    if (n === 2) {
      // The common pair: one key per store site keeps each store monomorphic.
      const [a, b] = ports;
      const [ka, kb] = keys;
      const into = (out as OutputPort<R>).single;
      if (a instanceof InputPort && b instanceof InputPort && into?.state === 'open' && into.producers.length === 1) {
        // From the rings to the ring, as many sets as `out` has room for; both items of a set
        // are taken even when `combine` throws on it, as popping them one by one would.
        const ca = a.conn;
        const cb = b.conn;
        const room = into.room;
        const k = sets < room ? sets : room;
        let taken = 0;
        try {
          into.appendEach(k, (j) => {
            taken = j + 1;
            const set: Record<string, unknown> = {};
            set[ka] = ca.at(j);
            set[kb] = cb.at(j);
            return combine(set);
          });
        } finally {
          // (Unless `combine` ended the run, which released every connection.)
          if (into.state === 'open') {
            ca.discard(taken);
            cb.discard(taken);
          }
        }
        return false;
      }
      for (; sets > 0; sets--) {
        const set: Record<string, unknown> = {};
        set[ka] = a.pop();
        set[kb] = b.pop();
        if (!out.push(combine(set))) break;
      }
      return false;
    }
    for (; sets > 0; sets--) {
      const set: Record<string, unknown> = {};
      for (let i = 0; i < n; i++) set[keys[i]] = ports[i].pop();
      if (!out.push(combine(set))) break;
    }
    return false;
  }
}

/**
 * The streams of the random graphs: each follows the back-pressure contract
 * (it pushes only while its output is not full, keeping extra results in its
 * own pending list), may settle asynchronously after a random delay, may return
 * true for nothing, and records every item it pops and pushes for the checks.
 */
import { Stream, type Inputs, type Outputs, type RunResult } from '../../../src/index';
import { type Delay, type NodeSpec, applyOp, prng, route } from './graph';

/** An item in flight: its value and a global push number (FIFO shows as increasing ids). */
export interface Token {
  readonly v: number;
  readonly id: number;
  /** Streams this item's lineage went through (bounds how long items go round a cycle). */
  readonly hops: number;
}

/** Shared by the streams of one graph: the push clock and the optional fault to inject. */
export interface Harness {
  clock: number;
  /**
   * Throw in this node's work when it takes its `item`-th item (a rejection when the work runs after a
   * delay): `value.thrown` when given (any value at all), else an Error naming the node and item.
   */
  fault?: { node: number; item: number; value?: { readonly thrown: unknown } };
  /** Throw from this node's finalize(). */
  finalizeFault?: number;
  /** How often `run` was called after the stream was finalized (must stay 0). */
  runsAfterFinalize: number;
  /** Items that went through this many streams are taken but dropped: cycles carry finitely many. */
  maxHops?: number;
  /** Called after every push, with the push's number (to abort at a random point). */
  onPush?: (clock: number) => void;
}

type AnyIns = Inputs<Record<string, Token>>;
type AnyOuts = Outputs<Record<string, Token>>;

export class GraphStage extends Stream<Record<string, Token>, Record<string, Token>> {
  /** Tokens popped, per input. */
  readonly popped: Token[][];
  /** Tokens pushed, per output. */
  readonly pushed: Token[][];
  finalizeCalls = 0;
  private readonly pending: { v: number; hops: number }[][];
  private readonly random: () => number;
  private cursor = 0;
  private popCount = 0;
  private total = 0;
  private summed = false;
  private timeout: ReturnType<typeof setTimeout> | null = null;
  private immediate: ReturnType<typeof setImmediate> | null = null;

  constructor(
    readonly index: number,
    readonly node: NodeSpec,
    private readonly harness: Harness,
  ) {
    super({
      name: `n${index}`,
      ins: Array.from({ length: node.ins }, (_, k) => `i${k}`),
      outs: Array.from({ length: node.outs }, (_, k) => `o${k}`),
    });
    this.popped = this.ins.map(() => []);
    this.pushed = this.outs.map(() => []);
    this.pending = this.outs.map(() => []);
    this.random = prng(node.seed);
  }

  override run(ins: AnyIns, outs: AnyOuts): RunResult {
    if (this.finalizeCalls > 0) this.harness.runsAfterFinalize++;
    const mode = this.node.mode;
    if (mode === 'sync') return this.work(ins, outs);
    const delay = this.node.delays[Math.floor(this.random() * this.node.delays.length)];
    if (mode === 'async-before') {
      const outcome = this.work(ins, outs);
      return this.later(delay, () => outcome);
    }
    return this.later(delay, () => this.work(ins, outs));
  }

  override finalize(): void {
    this.finalizeCalls++;
    this.cancelTimer();
    if (this.harness.finalizeFault === this.index) throw new Error(`injected finalize fault at n${this.index}`);
  }

  private work(ins: AnyIns, outs: AnyOuts): boolean {
    const node = this.node;
    if (!this.flush(outs)) return true;
    if (node.ins === 0) {
      while (this.cursor < node.items.length) {
        if (node.eager && !this.roomFor(node.items[this.cursor], outs)) return true;
        const v = node.items[this.cursor++];
        this.inject();
        this.emit(node.op.kind === 'sum' ? [v] : applyOp(node.op, v), 0);
        if (!this.flush(outs)) return true;
      }
      return this.spurious();
    }
    let allDone = true;
    for (let k = 0; k < node.ins; k++) {
      const input = ins[`i${k}`];
      while (input.size > 0) {
        // Eager: look once, then pop and push without looking again.
        if (node.eager && !this.roomFor(input.peek().v, outs)) return true;
        const token = input.pop();
        this.popped[k].push(token);
        this.inject();
        if (this.harness.maxHops !== undefined && token.hops >= this.harness.maxHops) continue;
        this.total += token.v;
        this.emit(applyOp(node.op, token.v), token.hops);
        if (!this.flush(outs)) return true;
      }
      if (!input.done) allDone = false;
    }
    if (allDone && node.op.kind === 'sum' && !this.summed) {
      this.summed = true;
      this.emit([this.total], 0);
      if (!this.flush(outs)) return true;
    }
    return this.spurious();
  }

  private emit(values: number[], hops: number): void {
    for (const v of values) for (const o of route(this.node, v)) this.pending[o].push({ v, hops: hops + 1 });
  }

  /** Every output has room for all that the item `v` makes, besides what is pending. */
  private roomFor(v: number, outs: AnyOuts): boolean {
    const node = this.node;
    const values = node.ins === 0 && node.op.kind === 'sum' ? [v] : applyOp(node.op, v);
    const need = this.pending.map((queue) => queue.length);
    for (const value of values) for (const o of route(node, value)) need[o]++;
    for (let o = 0; o < need.length; o++) if (need[o] > 0 && outs[`o${o}`].room < need[o]) return false;
    return true;
  }

  /** Pushes pending results while their output has room; false when some are left. */
  private flush(outs: AnyOuts): boolean {
    let left = false;
    for (let o = 0; o < this.pending.length; o++) {
      const queue = this.pending[o];
      const out = outs[`o${o}`];
      let n = 0;
      while (n < queue.length && !out.full) {
        const { v, hops } = queue[n++];
        const token = { v, id: this.harness.clock++, hops };
        this.pushed[o].push(token);
        out.push(token);
        this.harness.onPush?.(token.id);
      }
      queue.splice(0, n);
      if (queue.length > 0) left = true;
    }
    return !left;
  }

  private inject(): void {
    const fault = this.harness.fault;
    if (fault === undefined || fault.node !== this.index || this.popCount++ !== fault.item) return;
    if (fault.value !== undefined) throw fault.value.thrown;
    throw new Error(`injected fault at n${this.index} item ${fault.item}`);
  }

  private spurious(): boolean {
    return this.node.spurious > 0 && this.random() * 100 < this.node.spurious;
  }

  /** The result of an async run: a Promise, or a thenable misbehaving as `node.thenable` says. */
  private later<T>(delay: Delay, fn: () => T): PromiseLike<T> {
    const kind = this.node.thenable;
    if (kind === 'promise') return this.delayed(delay, fn);
    const thenable = {
      then: (onValue?: (value: T) => unknown, onError?: (err: unknown) => unknown): unknown => {
        const ok = (value: T) => {
          onValue?.(value);
          if (kind === 'twice') onValue?.(value);
          if (kind === 'then-reject') onError?.(new Error('rejected after fulfilling'));
        };
        if (kind === 'sync' || kind === 'sync-then-throw') {
          let value: T;
          try {
            value = this.finalizeCalls > 0 ? (undefined as T) : fn();
          } catch (err) {
            onError?.(err);
            return undefined;
          }
          if (this.finalizeCalls === 0) ok(value);
          if (kind === 'sync-then-throw') throw new Error('then() threw after fulfilling');
          return undefined;
        }
        this.delayed(delay, fn).then(ok, (err: unknown) => onError?.(err));
        return undefined;
      },
    };
    return thenable as unknown as PromiseLike<T>;
  }

  private delayed<T>(delay: Delay, fn: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const settle = () => {
        this.timeout = null;
        this.immediate = null;
        // A finalized stream does no more work; its run never settles.
        if (this.finalizeCalls > 0) return;
        try {
          resolve(fn());
        } catch (err) {
          reject(err);
        }
      };
      if (delay === 'micro') queueMicrotask(settle);
      else if (delay === 'immediate') this.immediate = setImmediate(settle);
      else this.timeout = setTimeout(settle, 0);
    });
  }

  /** A well-behaved stream leaves no timer behind once finalized. */
  private cancelTimer(): void {
    if (this.timeout !== null) clearTimeout(this.timeout);
    if (this.immediate !== null) clearImmediate(this.immediate);
    this.timeout = null;
    this.immediate = null;
  }
}

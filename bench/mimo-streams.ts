/**
 * Hand-written rx-mimo streams for the benchmarks: each a few lines of `run`,
 * the way a user writes a stage the library does not have.
 */
import { Stream, type Inputs, type Outputs } from '../src/index';
import type { Tally } from './harness';
import { macrotask } from './harness';

type One<T> = { in: T };
type Out<T> = { out: T };

/** Pushes `make(0)` … `make(n - 1)` while the output has room. */
export class Generate<T> extends Stream<{}, Out<T>> {
  private i = 0;

  constructor(
    private readonly n: number,
    private readonly make: (i: number) => T,
  ) {
    super({ name: 'generate', outs: ['out'] });
  }

  override run(_ins: Inputs<{}>, outs: Outputs<Out<T>>): boolean {
    const out = outs.out;
    const n = this.n;
    const make = this.make;
    let i = this.i;
    while (i < n) {
      if (!out.push(make(i++))) break;
    }
    this.i = i;
    return i < n;
  }
}

export class MapStream<A, B> extends Stream<One<A>, Out<B>> {
  constructor(private readonly project: (a: A) => B) {
    super({ name: 'map', ins: ['in'], outs: ['out'] });
  }

  override run(ins: Inputs<One<A>>, outs: Outputs<Out<B>>): boolean {
    const input = ins.in;
    const out = outs.out;
    const fn = this.project;
    // Nothing arrives while this runs: read the size once.
    for (let left = input.size; left > 0; left--) {
      if (!out.push(fn(input.pop()))) return left > 1;
    }
    return false;
  }
}

export class FilterStream<T> extends Stream<One<T>, Out<T>> {
  constructor(private readonly pred: (a: T) => boolean) {
    super({ name: 'filter', ins: ['in'], outs: ['out'] });
  }

  override run(ins: Inputs<One<T>>, outs: Outputs<Out<T>>): boolean {
    const input = ins.in;
    const out = outs.out;
    const pred = this.pred;
    for (let left = input.size; left > 0; left--) {
      const item = input.pop();
      if (pred(item) && !out.push(item)) return left > 1;
    }
    return false;
  }
}

/** Two synchronised inputs `a` and `b`, combined pairwise. */
export class ZipWith<A, B, C> extends Stream<{ a: A; b: B }, Out<C>> {
  constructor(private readonly combine: (a: A, b: B) => C) {
    super({ name: 'zipWith', ins: ['a', 'b'], outs: ['out'] });
  }

  override run(ins: Inputs<{ a: A; b: B }>, outs: Outputs<Out<C>>): boolean {
    const a = ins.a;
    const b = ins.b;
    const out = outs.out;
    const fn = this.combine;
    // A sync group's size is a scan of the group: read it once per run, not once per item.
    for (let sets = a.size; sets > 0; sets--) {
      if (!out.push(fn(a.pop(), b.pop()))) return sets > 1;
    }
    return false;
  }
}

/** One place in the window; reused, so its callback is made once, not once per item. */
class Slot<B> {
  done = false;
  value: B | undefined = undefined;
  /** Resolves to `true` (run again) once the item's promise settles. */
  settled: Promise<boolean> | null = null;
  readonly settle = (value: B): boolean => {
    this.value = value;
    this.done = true;
    return true;
  };
}

/** At most `concurrency` promises in flight; results leave in input order. */
export class MapAsync<A, B> extends Stream<One<A>, Out<B>> {
  private readonly slots: Slot<B>[] = [];
  /** The oldest slot in use, and how many are in use. */
  private head = 0;
  private used = 0;

  constructor(
    private readonly project: (a: A) => Promise<B>,
    private readonly concurrency: number,
  ) {
    super({ name: 'mapAsync', ins: ['in'], outs: ['out'] });
    for (let i = 0; i < concurrency; i++) this.slots.push(new Slot<B>());
  }

  override run(ins: Inputs<One<A>>, outs: Outputs<Out<B>>): boolean | Promise<boolean> {
    const input = ins.in;
    const out = outs.out;
    const slots = this.slots;
    const k = this.concurrency;
    while (this.used > 0 && slots[this.head].done) {
      if (out.full) return true;
      const slot = slots[this.head];
      out.push(slot.value as B);
      slot.done = false;
      slot.value = undefined;
      this.head = (this.head + 1) % k;
      this.used--;
    }
    while (this.used < k && input.size > 0) {
      const slot = slots[(this.head + this.used++) % k];
      slot.settled = this.project(input.pop()).then(slot.settle);
    }
    if (this.used === 0) return false;
    const head = slots[this.head];
    return head.done ? true : (head.settled as Promise<boolean>);
  }
}

const runAgain = (): boolean => true;

/** A sink that adds every item into the tally. */
export class Sink extends Stream<One<number>, {}> {
  constructor(private readonly tally: Tally) {
    super({ name: 'sink', ins: ['in'] });
  }

  override run(ins: Inputs<One<number>>): void {
    const input = ins.in;
    const tally = this.tally;
    for (let left = input.size; left > 0; left--) tally.add(input.pop());
  }
}

/** A slow sink: adds `key(item)` and waits for a macrotask every `every` items. */
export class SlowSink<T> extends Stream<One<T>, {}> {
  private seen = 0;

  constructor(
    private readonly tally: Tally,
    private readonly key: (item: T) => number,
    private readonly every: number,
  ) {
    super({ name: 'slowSink', ins: ['in'] });
  }

  override run(ins: Inputs<One<T>>): boolean | Promise<boolean> {
    const input = ins.in;
    while (input.size > 0) {
      this.tally.add(this.key(input.pop()));
      if (++this.seen % this.every === 0) return macrotask().then(runAgain);
    }
    return false;
  }
}

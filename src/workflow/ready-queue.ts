/**
 * The steps that have something to do, in the order the run loop takes them:
 * in passes, and within a pass downstream first (by rank). A step made ready
 * during a pass joins it if its rank is still ahead, else the next pass, so
 * every ready step runs once per pass (no step can starve another) and a pass
 * costs only the steps that are ready, not the size of the graph.
 *
 * Each pass is a set of ranks kept as a tree of 32-bit words (a bit per rank,
 * and a bit per non-empty word one level up), so adding a step, and finding
 * the next one ahead, take a few bit operations per level: one level up to 32
 * steps, two up to 1024, three up to 32768.
 */

/** What the queue orders: a step's place downstream-first, and whether it is queued. */
export interface Ranked {
  /** Position in the downstream-first order: consumers before their producers. */
  readonly rank: number;
  /** Set while the step is in the queue, so that it is queued at most once. */
  queued: boolean;
}

export class ReadyQueue<T extends Ranked> {
  private now: RankSet;
  private next: RankSet;
  /** The rank of the step taken last in this pass; -1 before the first. */
  private at = -1;

  constructor(
    /** Every step, by rank. */
    private readonly steps: readonly T[],
  ) {
    this.now = new RankSet(steps.length);
    this.next = new RankSet(steps.length);
  }

  get size(): number {
    return this.now.size + this.next.size;
  }

  push(step: T): void {
    step.queued = true;
    if (step.rank > this.at) this.now.add(step.rank);
    else this.next.add(step.rank);
  }

  /** The next step to look at, or undefined when nothing is ready. */
  shift(): T | undefined {
    let rank = this.now.after(this.at);
    if (rank < 0) {
      // This pass is over: the next one starts from the most downstream step.
      const done = this.now;
      this.now = this.next;
      this.next = done;
      rank = this.now.after(-1);
      if (rank < 0) {
        this.at = -1;
        return undefined;
      }
    }
    this.now.remove(rank);
    this.at = rank;
    const step = this.steps[rank];
    step.queued = false;
    return step;
  }

  /** Forgets every step (the run ended). */
  clear(): void {
    for (let r = this.now.after(-1); r >= 0; r = this.now.after(r)) this.steps[r].queued = false;
    for (let r = this.next.after(-1); r >= 0; r = this.next.after(r)) this.steps[r].queued = false;
    this.now = new RankSet(this.steps.length);
    this.next = new RankSet(this.steps.length);
    this.at = -1;
  }
}

/** A set of ranks 0 … n-1 as levels of bit words; level 0 holds the ranks, each level above a bit per non-empty word below. */
class RankSet {
  size = 0;
  private readonly levels: Int32Array[] = [];

  constructor(n: number) {
    let words = Math.max(1, Math.ceil(n / 32));
    for (;;) {
      this.levels.push(new Int32Array(words));
      if (words === 1) break;
      words = Math.ceil(words / 32);
    }
  }

  add(i: number): void {
    const levels = this.levels;
    for (let l = 0; l < levels.length; l++) {
      const w = i >>> 5;
      const before = levels[l][w];
      levels[l][w] = before | (1 << (i & 31));
      if (l === 0) {
        if (before === levels[0][w]) return;
        this.size++;
      }
      // The word was not empty: the levels above know it already.
      if (before !== 0) return;
      i = w;
    }
  }

  remove(i: number): void {
    const levels = this.levels;
    for (let l = 0; l < levels.length; l++) {
      const w = i >>> 5;
      const before = levels[l][w];
      const after = before & ~(1 << (i & 31));
      levels[l][w] = after;
      if (l === 0) {
        if (before === after) return;
        this.size--;
      }
      if (after !== 0) return;
      i = w;
    }
  }

  /** The smallest rank in the set above `i`, or -1. */
  after(i: number): number {
    const levels = this.levels;
    let l = 0;
    let from = i + 1;
    // Up: until a word holds a bit at or after `from`.
    for (;;) {
      const w = from >>> 5;
      const level = levels[l];
      if (w >= level.length) return -1;
      const bits = level[w] & (-1 << (from & 31));
      if (bits !== 0) {
        let at = (w << 5) | lowest(bits);
        // Down: the lowest bit of each word below.
        while (l > 0) at = (at << 5) | lowest(levels[--l][at]);
        return at;
      }
      if (l === levels.length - 1) return -1;
      l++;
      from = w + 1;
    }
  }
}

/** The index of the lowest set bit of a non-zero word. */
function lowest(bits: number): number {
  return 31 - Math.clz32(bits & -bits);
}

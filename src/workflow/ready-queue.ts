/**
 * The steps that have something to do, in the order the run loop takes them:
 * in passes, and within a pass downstream first (by rank). A step made ready
 * during a pass joins it if its rank is still ahead, else the next pass, so
 * every ready step runs once per pass (no step can starve another) and a pass
 * costs only the steps that are ready, not the size of the graph.
 */

/** What the queue orders: a step's place downstream-first, and whether it is queued. */
export interface Ranked {
  /** Position in the downstream-first order: consumers before their producers. */
  readonly rank: number;
  /** Set while the step is in the queue, so that it is queued at most once. */
  queued: boolean;
}

export class ReadyQueue<T extends Ranked> {
  /** This pass: a binary min-heap by rank. */
  private heap: T[] = [];
  /** The next pass, in arrival order. */
  private next: T[] = [];
  /** The rank of the step taken last in this pass; -1 before the first. */
  private at = -1;

  get size(): number {
    return this.heap.length + this.next.length;
  }

  push(step: T): void {
    step.queued = true;
    if (step.rank > this.at) siftUp(this.heap, step);
    else this.next.push(step);
  }

  /** The next step to look at, or undefined when nothing is ready. */
  shift(): T | undefined {
    if (this.heap.length === 0) {
      this.at = -1;
      if (this.next.length === 0) return undefined;
      // A sorted array is a heap.
      this.heap = this.next.sort(byRank);
      this.next = [];
    }
    const step = popMin(this.heap);
    step.queued = false;
    this.at = step.rank;
    return step;
  }

  /** Forgets every step (the run ended). */
  clear(): void {
    for (const s of this.heap) s.queued = false;
    for (const s of this.next) s.queued = false;
    this.heap = [];
    this.next = [];
    this.at = -1;
  }
}

function byRank(a: Ranked, b: Ranked): number {
  return a.rank - b.rank;
}

function siftUp<T extends Ranked>(heap: T[], step: T): void {
  let i = heap.length;
  heap.push(step);
  while (i > 0) {
    const parent = (i - 1) >> 1;
    const p = heap[parent];
    if (p.rank <= step.rank) break;
    heap[i] = p;
    i = parent;
  }
  heap[i] = step;
}

function popMin<T extends Ranked>(heap: T[]): T {
  const top = heap[0];
  const last = heap.pop() as T;
  const n = heap.length;
  if (n === 0) return top;
  let i = 0;
  for (;;) {
    const l = 2 * i + 1;
    if (l >= n) break;
    const r = l + 1;
    const c = r < n && heap[r].rank < heap[l].rank ? r : l;
    if (heap[c].rank >= last.rank) break;
    heap[i] = heap[c];
    i = c;
  }
  heap[i] = last;
  return top;
}

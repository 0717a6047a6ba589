import { Connection, type Producer, type Wakeable } from '../src/connection';
import { PortError } from '../src/errors';

/** A stream as a connection sees it; `wants` says whether room would still let it run. */
function node(): Wakeable & { signals: number; wants: boolean } {
  const n = {
    signalled: false,
    signals: 0,
    wants: true,
    signal() {
      n.signalled = true;
      n.signals++;
    },
    roomFreed() {
      if (!n.wants) return false;
      n.signal();
      return true;
    },
  };
  return n;
}

function producer(label = 'src.out'): Producer & {
  step: Wakeable & { signals: number; wants: boolean };
  cancels: number;
} {
  const p = {
    label,
    step: node(),
    cancels: 0,
    connectionCancelled() {
      p.cancels++;
    },
  };
  return p;
}

describe('Connection', () => {
  it('is a FIFO that reports full at capacity', () => {
    const c = new Connection<number>('sink.in', node(), 3, false);
    expect([c.push(1), c.push(2), c.push(3)]).toEqual([true, true, false]);
    expect(c.size).toBe(3);
    expect(c.full).toBeTrue();
    expect(c.room).toBe(0);
    expect([c.shift(), c.shift(), c.shift()]).toEqual([1, 2, 3]);
    expect(c.size).toBe(0);
    expect(c.received).toBe(3);
    expect(c.peak).toBe(3);
    expect(c.timesFull).toBe(1);
  });

  it('keeps FIFO order across wrap-around and growth', () => {
    const c = new Connection<number>('sink.in', node(), 1000, false);
    const out: number[] = [];
    let next = 0;
    for (let round = 0; round < 50; round++) {
      for (let k = 0; k < 37; k++) c.push(next++);
      for (let k = 0; k < 29; k++) out.push(c.shift());
    }
    while (c.size > 0) out.push(c.shift());
    expect(out).toEqual(Array.from({ length: next }, (_, i) => i));
  });

  it('grows past capacity when not strict, and throws when strict', () => {
    const loose = new Connection<number>('sink.in', node(), 2, false);
    expect([loose.push(1), loose.push(2), loose.push(3)]).toEqual([true, false, false]);
    expect(loose.size).toBe(3);
    const strict = new Connection<number>('sink.in', node(), 2, true);
    strict.producers.push(producer('src.out'));
    strict.push(1);
    strict.push(2);
    expect(() => strict.push(3)).toThrowMatching(
      (e) =>
        e instanceof PortError && /src\.out: push into a full connection to sink\.in \(capacity 2\)/.test(e.message),
    );
    expect(strict.size).toBe(2);
  });

  it('signals the consumer on push and wakes a producer waiting for room when it leaves full', () => {
    const consumer = node();
    const p = producer();
    const idle = producer('idle.out');
    const c = new Connection<number>('sink.in', consumer, 2, false);
    c.producers.push(p, idle);
    c.push(1);
    expect(consumer.signals).toBe(1);
    c.push(2); // consumer already signalled: no second signal
    expect(consumer.signals).toBe(1);
    c.waitForRoom(p.step);
    c.shift(); // 2 → 1: leaves full; only the producer that waited is woken
    expect([p.step.signals, idle.step.signals]).toEqual([1, 0]);
    p.step.signalled = false;
    c.shift(); // 1 → 0: was not full
    expect(p.step.signals).toBe(1);
  });

  it('wakes waiting producers one at a time, oldest first, skipping those that no longer want to run', () => {
    const c = new Connection<number>('sink.in', node(), 1, false);
    const [a, b, d] = [producer('a.out'), producer('b.out'), producer('d.out')];
    c.producers.push(a, b, d);
    c.push(0);
    c.waitForRoom(a.step);
    c.waitForRoom(b.step);
    c.waitForRoom(d.step);
    c.waitForRoom(a.step); // already waiting: once is enough
    a.step.wants = false;
    c.shift();
    expect([a.step.signals, b.step.signals, d.step.signals]).toEqual([0, 1, 0]);
    expect(c.roomWanted).toBe(true);
    c.wakeWaiter(); // the room was not taken: the next in turn
    expect([a.step.signals, b.step.signals, d.step.signals]).toEqual([0, 1, 1]);
    expect(c.roomWanted).toBe(false);
  });

  it('appends and discards in bulk with the bookkeeping of as many pushes and shifts', () => {
    // The same moves, item by item and in bulk, across wrap-around and growth of both rings.
    const run = (bulk: boolean) => {
      const consumer = node();
      const from = new Connection<number>('a.in', node(), 8, false);
      const into = new Connection<number>('b.in', consumer, 5, false);
      const p = producer('a.out');
      from.producers.push(p);
      const seen: number[] = [];
      let next = 0;
      for (let round = 0; round < 6; round++) {
        for (let k = 0; k < 8; k++) from.push(next++);
        const k = into.room;
        if (bulk) {
          into.append(from, k);
          from.discard(k);
        } else for (let j = 0; j < k; j++) into.push(from.shift());
        while (into.size > 0) seen.push(into.shift());
        while (from.size > 0) from.shift();
      }
      const count = (c: Connection<number>) => [c.size, c.received, c.peak, c.timesFull];
      return { seen, from: count(from), into: count(into), woken: p.step.signals, signals: consumer.signals };
    };
    const bulk = run(true);
    expect(bulk).toEqual(run(false));
    expect(bulk.seen).toEqual([
      0, 1, 2, 3, 4, 8, 9, 10, 11, 12, 16, 17, 18, 19, 20, 24, 25, 26, 27, 28, 32, 33, 34, 35, 36, 40, 41, 42, 43, 44,
    ]);
    expect(bulk.into).toEqual([0, 30, 5, 6]);
  });

  it('maps in bulk as shift, fn and push one by one would, with indexes, across wrap-around', () => {
    const run = (bulk: boolean) => {
      const consumer = node();
      const from = new Connection<number>('a.in', node(), 8, false);
      const into = new Connection<string>('b.in', consumer, 5, false);
      const seen: string[] = [];
      const fn = (x: number, i: number) => `${i}:${x}`;
      let next = 0;
      let index = 0;
      for (let round = 0; round < 4; round++) {
        for (let k = 0; k < 7; k++) from.push(next++);
        const k = Math.min(into.room, from.size);
        if (bulk) into.appendMapped(from, k, fn, index);
        else for (let j = 0; j < k; j++) into.push(fn(from.shift(), index + j));
        index += k;
        while (into.size > 0) seen.push(into.shift());
      }
      return { seen, left: from.size, counts: [into.received, into.peak, into.timesFull, consumer.signals] };
    };
    const bulk = run(true);
    expect(bulk).toEqual(run(false));
    expect(bulk.seen.slice(0, 7)).toEqual(['0:0', '1:1', '2:2', '3:3', '4:4', '5:5', '6:6']);
    expect(bulk.counts.slice(0, 3)).toEqual([20, 5, 4]);
  });

  it('drops a bulk append into a cancelled connection, and throws on one past capacity when strict', () => {
    const from = new Connection<number>('a.in', node(), 8, false);
    for (let k = 0; k < 4; k++) from.push(k);
    const cancelled = new Connection<number>('b.in', node(), 2, true);
    cancelled.cancel();
    cancelled.append(from, 4);
    expect([cancelled.size, cancelled.dropped]).toEqual([0, 4]);
    const strict = new Connection<number>('c.in', node(), 3, true);
    strict.producers.push(producer('src.out'));
    expect(() => strict.append(from, 4)).toThrowMatching(
      (e) => e instanceof PortError && /src\.out: push into a full connection to c\.in \(capacity 3\)/.test(e.message),
    );
    expect(strict.size).toBe(0);
    expect(from.size).toBe(4);
  });

  it('closes when its last producer closes', () => {
    const consumer = node();
    const c = new Connection<number>('sink.in', consumer, 2, false);
    c.openProducers = 2;
    c.producerClosed();
    expect(c.state).toBe('open');
    c.producerClosed();
    expect(c.state).toBe('closed');
    expect(consumer.signals).toBe(1);
  });

  it('discards items on cancel, tells producers, and drops later pushes without reporting full', () => {
    const p = producer();
    const c = new Connection<number>('sink.in', node(), 1, true);
    c.producers.push(p);
    c.push(1);
    c.cancel();
    c.cancel();
    expect(c.state).toBe('cancelled');
    expect(c.size).toBe(0);
    expect(p.cancels).toBe(1);
    expect(c.push(2)).toBeTrue();
    expect(c.push(3)).toBeTrue();
    expect(c.size).toBe(0);
    expect(c.dropped).toBe(3);
    expect(c.full).toBeFalse();
  });
});

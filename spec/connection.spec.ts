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

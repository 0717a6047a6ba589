/**
 * In-memory links for the in-memory transport: each message is delivered in
 * a later macrotask, in order, as a thread's would be, so that nothing runs
 * under the sender's call.
 */
import type { ChannelEnd, ChannelMessage, ControlLink, ControlMessage } from './types';

const g = globalThis as unknown as {
  setImmediate?: (f: () => void) => unknown;
  setTimeout: (f: () => void, ms: number) => unknown;
};

function later(fn: () => void): void {
  if (typeof g.setImmediate === 'function') g.setImmediate(fn);
  else g.setTimeout(fn, 0);
}

/** One direction of a pipe: queued messages, delivered in batches to the handler once there is one. */
class Lane<M> {
  private queue: M[] = [];
  private handler: ((m: M) => void) | null = null;
  private scheduled = false;
  closed = false;

  put(m: M): void {
    if (this.closed) return;
    this.queue.push(m);
    this.schedule();
  }

  take(handler: (m: M) => void): void {
    this.handler = handler;
    this.schedule();
  }

  private schedule(): void {
    if (this.scheduled || this.handler === null || this.queue.length === 0) return;
    this.scheduled = true;
    later(() => {
      this.scheduled = false;
      const batch = this.queue;
      this.queue = [];
      for (const m of batch) if (!this.closed) this.handler!(m);
    });
  }
}

/** Two connected ends: what one sends, the other receives. */
export function pipe<M>(): [
  { send(m: M): void; receive(h: (m: M) => void): void; close(): void },
  { send(m: M): void; receive(h: (m: M) => void): void; close(): void },
] {
  const ab = new Lane<M>();
  const ba = new Lane<M>();
  const close = () => {
    ab.closed = true;
    ba.closed = true;
  };
  return [
    { send: (m) => ab.put(m), receive: (h) => ba.take(h), close },
    { send: (m) => ba.put(m), receive: (h) => ab.take(h), close },
  ];
}

export function channelPipe(): [ChannelEnd, ChannelEnd] {
  return pipe<ChannelMessage>();
}

/** A control link pair; `lose` makes one side hear that the other is gone. */
export function controlPipe(): [ControlLink & { lose(reason: string): void }, ControlLink] {
  const [a, b] = pipe<ControlMessage>();
  let lost: ((reason: string) => void) | null = null;
  return [
    { ...a, lost: (h) => (lost = h), lose: (reason) => lost?.(reason) },
    { ...b, lost: () => {} },
  ];
}

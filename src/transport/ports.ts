/**
 * Channels and control links over message ports (a worker thread's
 * `parentPort`, a `MessageChannel`'s ports): what a transport made of threads
 * needs on both sides. Only the `postMessage`/`on('message')` surface is
 * used, so the core needs no Node types.
 */
import type { ChannelEnd, ChannelMessage, ControlLink, ControlMessage, Participant, RunPlan } from './types';
import { serveFragment } from './fragment';
import { keyText, participantText } from './plan';
import { MimoError } from '../errors';
import { describe } from '../describe';

/** The surface of a message port used here (Node's `MessagePort`, `parentPort`, or a `Worker`). */
export interface PortLike {
  postMessage(value: unknown): void;
  on(event: 'message', listener: (value: any) => void): unknown;
  off?(event: 'message', listener: (value: any) => void): unknown;
  close?(): void;
}

/** The end of a run's messages that a port carries; `bye` and `gone` end a worker (see `serveThread`). */
export type PortMessage = ControlMessage | { readonly t: 'bye' } | { readonly t: 'gone' };

/** A channel end over a port. `send` throws as `postMessage` does for what cannot be cloned. */
export function portChannel(port: PortLike): ChannelEnd {
  let closed = false;
  return {
    send: (message: ChannelMessage) => {
      if (!closed) port.postMessage(message);
    },
    receive: (handler) => {
      port.on('message', (m: ChannelMessage) => {
        if (!closed) handler(m);
      });
    },
    close: () => {
      closed = true;
      port.close?.();
    },
  };
}

/**
 * A control link over a port. A failure whose error cannot be cloned still
 * crosses: as an `Error` with its message (and name and stack, when it has them).
 */
export function portControl(port: PortLike, lost: (handler: (reason: string) => void) => void = () => {}): ControlLink {
  let closed = false;
  return {
    send: (message: ControlMessage) => {
      if (closed) return;
      try {
        port.postMessage(message);
      } catch {
        if (message.t !== 'failed') throw new MimoError(`a control message cannot be sent: ${describe(message)}`);
        port.postMessage({ ...message, error: plainError(message.error, message.message) });
      }
    },
    receive: (handler) => {
      port.on('message', (m: PortMessage) => {
        if (!closed && m.t !== 'bye' && m.t !== 'gone') handler(m);
      });
    },
    lost,
    close: () => {
      closed = true;
    },
  };
}

/** An `Error` standing in for a thrown value that cannot be cloned. */
function plainError(value: unknown, message: string): Error {
  const error = new Error(message);
  try {
    if (value instanceof Error) {
      error.name = String(value.name);
      if (typeof value.stack === 'string') error.stack = value.stack;
    }
  } catch {
    // A hostile getter: the message is enough.
  }
  return error;
}

/** What a threads transport hands each worker (as its `workerData`). */
export interface ThreadData {
  readonly plan: RunPlan;
  readonly self: Participant;
  /** The worker's end of each channel it takes part in, by `keyText`. */
  readonly channels: Readonly<Record<string, PortLike>>;
}

/**
 * Serves the fragment of a worker thread: the workflow its factory built runs
 * its placed steps, talking to the coordinator over `parent` and to other
 * participants over the channel ports of `data`. Answers `bye` (the run is
 * over) by stopping whatever still runs, so that every stream is finalized,
 * and then saying `gone`.
 */
export function serveThread(workflow: unknown, data: ThreadData, parent: PortLike): void {
  const who = participantText(data.self.worker, data.self.replica);
  const ends: ChannelEnd[] = [];
  const bye = (m: PortMessage) => {
    if (m.t !== 'bye') return;
    (workflow as { engine?: { abort(): void } | null }).engine?.abort();
    for (const end of ends) end.close();
    parent.off?.('message', bye);
    parent.postMessage({ t: 'gone' });
  };
  parent.on('message', bye);
  serveFragment(workflow, {
    plan: data.plan,
    self: data.self,
    coordinator: portControl(parent),
    channel: (key) => {
      const port = data.channels[keyText(key)];
      if (port === undefined) throw new MimoError(`${who} has no port for the channel ${keyText(key)}.`);
      const end = portChannel(port);
      ends.push(end);
      return end;
    },
  });
}

/**
 * Control links over Redis streams: the coordinator writes to each part's
 * control stream, every part to the coordinator's. A part that is taken over
 * is the same link to the coordinator: the new process says `ready` again,
 * and is told again what it missed (start, the probe in progress).
 */
import type { ControlLink, ControlMessage } from '../transport/types';
import { MimoError } from '../errors';
import { messageOf } from '../describe';
import type { Session } from './session';

/** The end of a run, as told to every part by the coordinator's transport (not part of ControlMessage). */
export const CLOSED = '$closed';

/** An error as it crosses: its name, message and stack (JSON would keep none of them). */
export function wireError(err: unknown): unknown {
  if (err instanceof Error) return { $error: true, name: err.name, message: err.message, stack: err.stack };
  try {
    JSON.stringify(err);
    return err;
  } catch {
    return messageOf(err);
  }
}

/** The error back from `wireError`: an Error with the same name, message and stack. */
export function reviveError(wire: unknown): unknown {
  if (typeof wire !== 'object' || wire === null || (wire as { $error?: unknown }).$error !== true) return wire;
  const w = wire as { name: string; message: string; stack?: string };
  const err = new MimoError(w.message);
  err.name = w.name;
  if (w.stack !== undefined) err.stack = w.stack;
  return err;
}

/** Holds messages until there is a handler. */
class Mailbox {
  private handler: ((m: ControlMessage) => void) | null = null;
  private early: ControlMessage[] = [];

  receive(handler: (m: ControlMessage) => void): void {
    this.handler = handler;
    for (const m of this.early.splice(0)) handler(m);
  }

  protected deliver(m: ControlMessage): void {
    if (this.handler === null) this.early.push(m);
    else this.handler(m);
  }
}

/** The coordinator's link to one part (`worker#replica`), whichever process runs it. */
export class HubLink extends Mailbox implements ControlLink {
  private lostHandler: ((reason: string) => void) | null = null;
  private readies = 0;
  private started = false;
  private lastProbe: ControlMessage | null = null;
  /** The part said it finished: it is not taken over any more. */
  done = false;
  /** When its job was posted again for a takeover (Date.now()), or null. */
  requeuedAt: number | null = null;

  constructor(
    private readonly session: Session,
    readonly role: string,
  ) {
    super();
  }

  /** A process has said ready for this part (it may be taken over once silent). */
  get claimed(): boolean {
    return this.readies > 0;
  }

  send(message: ControlMessage): void {
    if (message.t === 'probe') this.lastProbe = message;
    if (message.t === 'start') this.started = true;
    this.session.sendControl(this.role, () => message);
  }

  lost(handler: (reason: string) => void): void {
    this.lostHandler = handler;
  }

  /** Tells the coordinator the part is gone for good. */
  lose(reason: string): void {
    this.lostHandler?.(reason);
  }

  /** Injects a failure of the run (a lost connection), as if the part had reported it. */
  fail(message: string, error: unknown): void {
    this.deliver({ t: 'failed', stream: null, message, error });
  }

  heard(message: Record<string, unknown>): void {
    const m = message as unknown as ControlMessage;
    switch (m.t) {
      case 'ready':
        this.requeuedAt = null;
        if (++this.readies > 1) {
          // A new process took the part over: what it missed, again.
          if (this.started) this.session.sendControl(this.role, () => ({ t: 'start' }));
          const probe = this.lastProbe;
          if (probe !== null) this.session.sendControl(this.role, () => probe);
          return;
        }
        break;
      case 'done':
        this.done = true;
        break;
      case 'failed':
        this.deliver({ ...m, error: reviveError(m.error) });
        return;
      default:
        break;
    }
    this.deliver(m);
  }

  close(): void {}
}

/** A part's link to the coordinator. */
export class PartLink extends Mailbox implements ControlLink {
  private started = false;

  constructor(
    private readonly session: Session,
    private readonly closed: () => void,
  ) {
    super();
  }

  send(message: ControlMessage): void {
    // In a commit after what is staged: `done` follows the last entries, a probe's counts what this commit sends.
    this.session.sendControl('coordinator', () => {
      const m = message;
      if (m.t === 'probed') {
        // Credits held until a later commit are not sent yet; a part taken over cannot count what its predecessor did.
        return { ...m, quiet: m.quiet && !this.session.takenOver, sent: m.sent - this.session.heldCredits() };
      }
      return m.t === 'failed' ? { ...m, error: wireError(m.error) } : m;
    });
  }

  heard(message: Record<string, unknown>): void {
    if (message.t === CLOSED) {
      this.closed();
      return;
    }
    if (message.t === 'start') {
      if (this.started) return;
      this.started = true;
    }
    this.deliver(message as unknown as ControlMessage);
  }

  lost(): void {}
  close(): void {}
}

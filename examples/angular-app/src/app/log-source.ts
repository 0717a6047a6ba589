import { Injectable, signal } from '@angular/core';

export const LEVELS = ['ERROR', 'WARN', 'INFO', 'DEBUG'] as const;
export type Level = (typeof LEVELS)[number];

/** The level of line `i`: 2% errors, 8% warnings, 50% info, the rest debug. */
function levelOf(i: number): Level {
  const r = (i * 7919) % 100;
  return r < 2 ? 'ERROR' : r < 10 ? 'WARN' : r < 60 ? 'INFO' : 'DEBUG';
}

/** The level a log line starts with. */
export const levelOfLine = (line: string): Level => line.slice(0, line.indexOf(' ')) as Level;

/**
 * Opens endless logs, as a socket or a `tail -f` would deliver them (bursts of
 * 100 lines), and counts how many were opened and how many were released.
 */
@Injectable({ providedIn: 'root' })
export class LogSource {
  readonly opened = signal(0);
  readonly released = signal(0);

  /** An endless log; the workflow pulls it line by line and closes it (`return()`) when its run ends. */
  async *open(): AsyncGenerator<string> {
    this.opened.update((n) => n + 1);
    try {
      for (let i = 0; ; i++) {
        if (i % 100 === 0) await new Promise((resolve) => setTimeout(resolve, 10));
        yield `${levelOf(i)} request ${i}`;
      }
    } finally {
      this.released.update((n) => n + 1);
    }
  }
}

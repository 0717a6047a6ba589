import { Component, inject, signal, type Signal } from '@angular/core';
import { takeUntilDestroyed, toSignal } from '@angular/core/rxjs-interop';
import { Workflow, partition, scan } from 'rx-mimo';
import { LEVELS, LogSource, levelOfLine, type Level } from './log-source';

/** Counts a live log's lines per level: lines → byLevel → one counter per level, each shown through a signal. */
@Component({
  selector: 'app-log-levels',
  template: `
    <table>
      @for (level of levels; track level.name) {
        <tr>
          <th>{{ level.name }}</th>
          <td [attr.data-level]="level.name">{{ level.count() }}</td>
        </tr>
      }
    </table>
    @if (failure()) {
      <p role="alert">{{ failure() }}</p>
    }
  `,
})
export class LogLevels {
  readonly levels: { name: Level; count: Signal<number> }[];
  readonly failure = signal('');

  constructor() {
    const workflow = new Workflow({ capacity: 64 });
    const lines = workflow.addSource(inject(LogSource).open(), { name: 'lines' });
    const byLevel = workflow.addStream(partition(levelOfLine, LEVELS, { name: 'byLevel' }));
    lines.pipe(byLevel);
    this.levels = LEVELS.map((name) => {
      const count = workflow.addStream(scan((n: number, _line: string) => n + 1, 0, { name: `count-${name}` }));
      byLevel.output(name).pipe(count.input('in'));
      // toSignal unsubscribes when the component is destroyed.
      return { name, count: toSignal(workflow.output$(count.output('out')), { initialValue: 0 }) };
    });
    // Destroying the component unsubscribes, which aborts the run: every stream is finalized and the log closed.
    workflow
      .run$()
      .pipe(takeUntilDestroyed())
      .subscribe({ error: (err: unknown) => this.failure.set(String(err)) });
  }
}

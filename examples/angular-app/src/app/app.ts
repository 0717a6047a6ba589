import { Component, inject, signal } from '@angular/core';
import { LogLevels } from './log-levels';
import { LogSource } from './log-source';

@Component({
  selector: 'app-root',
  imports: [LogLevels],
  template: `
    <h1>Log levels, live</h1>
    <button type="button" (click)="running.set(!running())">{{ running() ? 'Stop' : 'Start' }}</button>
    @if (running()) {
      <app-log-levels />
    }
    <p id="sources" [attr.data-opened]="logs.opened()" [attr.data-released]="logs.released()">
      logs opened: {{ logs.opened() }}, released: {{ logs.released() }}
    </p>
  `,
})
export class App {
  readonly running = signal(true);
  readonly logs = inject(LogSource);
}

/**
 * An Angular service around a workflow: its outputs as Observables (for the
 * async pipe and RxJS code) and as signals (for templates and computed()).
 * No decorators: the service is provided with a factory, and reads its
 * dependencies with inject() in its constructor.
 */
import { DestroyRef, InjectionToken, computed, inject, type Provider, type Signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { Observable, scan, shareReplay } from 'rxjs';
import { Stream, Workflow, fromIterable, type MetricsSnapshot } from '../../src/index';

/** The numbers the workflow routes (provide your own source in an app). */
export const NUMBERS = new InjectionToken<Iterable<number>>('rx-mimo example numbers');

export class NumbersService {
  /** Every even number, as it comes out of the workflow. */
  readonly evens$: Observable<number>;
  /** Every odd number, as it comes out of the workflow. */
  readonly odds$: Observable<number>;
  /** The workflow's metrics, every 500 ms and at the end. */
  readonly metrics$: Observable<MetricsSnapshot>;
  /** The even numbers so far. */
  readonly evens: Signal<readonly number[]>;
  /** The odd numbers so far. */
  readonly odds: Signal<readonly number[]>;
  /** The run's status: idle, running, completed, failed or aborted. */
  readonly status: Signal<string>;
  /** How many numbers have come out so far. */
  readonly total: Signal<number>;
  /** Settles when the run ends; the run is aborted when the injector is destroyed. */
  readonly done: Promise<void>;

  constructor() {
    const workflow = new Workflow({ capacity: 4 });
    const route = workflow.addStream(
      new Stream<{ n: number }, { even: number; odd: number }>({
        name: 'route',
        ins: ['n'],
        outs: ['even', 'odd'],
        fn: (ins, outs) => {
          while (ins.n.size > 0) {
            const target = ins.n.peek() % 2 === 0 ? outs.even : outs.odd;
            if (target.full) return true;
            target.push(ins.n.pop());
          }
        },
      }),
    );
    workflow.addStream(fromIterable(inject(NUMBERS), { name: 'numbers' })).pipe(route);
    // Replayed, so a late subscriber (a template rendered after the run) still sees every item.
    this.evens$ = workflow.output$(route.output('even')).pipe(shareReplay());
    this.odds$ = workflow.output$(route.output('odd')).pipe(shareReplay());
    this.metrics$ = workflow.metrics(500).pipe(shareReplay(1));

    const list = (items$: Observable<number>) =>
      toSignal(items$.pipe(scan((all, n) => [...all, n], [] as readonly number[])), {
        initialValue: [] as readonly number[],
      });
    this.evens = list(this.evens$);
    this.odds = list(this.odds$);
    const metrics = toSignal(this.metrics$);
    this.status = computed(() => metrics()?.status ?? 'idle');
    this.total = computed(() => this.evens().length + this.odds().length);

    const controller = new AbortController();
    inject(DestroyRef).onDestroy(() => controller.abort());
    this.done = workflow.run({ signal: controller.signal });
  }
}

/** Provides the service (in an app's or a component's providers), routing `numbers` (default 1 to 10). */
export function provideNumbers(numbers: Iterable<number> = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]): Provider[] {
  return [
    { provide: NUMBERS, useValue: numbers },
    { provide: NumbersService, useFactory: () => new NumbersService() },
  ];
}

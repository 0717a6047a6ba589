/**
 * Workflow: owns the streams, the connections between them and the run. It
 * passes data around but does no processing of its own.
 */
import type { Observable, ObservableInput, SchedulerLike } from 'rxjs';
import type { AddStreamOptions, PipeOptions, PortTypes, RunOptions, WorkflowOptions } from '../types';
import { Stream } from '../stream';
import { describe, messageOf } from '../describe';
import { AbortError, WiringError } from '../errors';
import { checkKnownKeys } from '../options';
import { Step, type InputRef, type OutputRef } from './step';
import { Engine, type RunObserver } from './engine';
import {
  checkCapacity,
  checkPlacement,
  checkRunOptions,
  checkScheduler,
  checkStrict,
  checkRunsPerSlice,
} from './validate';
import { connect, pipeSteps, synchronise } from './wiring';
import { addSource, type AddSourceOptions, type SourceInput } from '../rx/add-source';
import { output$ } from '../rx/output';
import { run$ } from '../rx/run';
import { expose } from '../rx/expose';
import { asOperator, type AsOperatorOptions } from '../rx/as-operator';
import { toDot, toMermaid } from './dot';
import { metricsOf, type MetricsSnapshot } from './metrics';
import { serveThread, type PortLike, type ThreadData } from '../transport/ports';

/** Streams already placed in a workflow: a stream instance runs in one place only. */
const placed = new WeakSet<Stream<any, any, any>>();

const DEFAULT_CAPACITY = 64;
const DEFAULT_RUNS_PER_SLICE = 1000;

/**
 * A graph of streams joined by bounded connections, run pull-first so that
 * memory stays bounded whatever the speed of sources and sinks.
 *
 * @example
 * ```ts
 * const workflow = new Workflow({ capacity: 64 });
 * const a = workflow.addStream(new Stream({ outs: ['a'] }));
 * const b = workflow.addStream(new Stream({ ins: ['b'], outs: ['c'] }));
 * const c = workflow.addStream(new Stream({ ins: ['d'] }));
 * a.pipe(b).pipe(c);
 * await workflow.run();
 * ```
 */
export class Workflow {
  /** Default capacity of each connection. */
  readonly capacity: number;
  /** Pushing past capacity throws instead of growing the buffer. */
  readonly strict: boolean;
  /** @internal */ readonly scheduler: SchedulerLike | undefined;
  /** @internal */ readonly runsPerSlice: number;
  /** @internal */ readonly steps: Step<any, any>[] = [];
  /** @internal Set while someone watches metrics: the engine then times each run with it. */
  clock: (() => number) | null = null;
  /** @internal Told once, when the run starts (before its first slice). */
  readonly startListeners = new Set<() => void>();
  /** @internal Told once, after the run's observer, when the run ends however it ends (a silent abort too). */
  readonly endListeners = new Set<() => void>();
  /** @internal Set by `run()`; a workflow runs once. */
  engine: Engine | null = null;
  private readonly names = new Set<string>();
  /** Per name that several streams share: the `#n` suffix to try first (every one below it is taken). */
  private readonly nextSuffix = new Map<string, number>();

  constructor(options: WorkflowOptions = {}) {
    if (options === null || typeof options !== 'object') {
      throw new WiringError(`new Workflow(options): options must be an object; got ${describe(options)}.`);
    }
    checkKnownKeys(options, ['capacity', 'strict', 'scheduler', 'runsPerSlice'], 'new Workflow(options)');
    this.capacity = checkCapacity(options.capacity ?? DEFAULT_CAPACITY, 'new Workflow({ capacity })');
    this.strict = checkStrict(options.strict);
    this.scheduler = checkScheduler(options.scheduler);
    this.runsPerSlice = checkRunsPerSlice(options.runsPerSlice ?? DEFAULT_RUNS_PER_SLICE);
  }

  /** Adds a stream and returns its step, to pipe with. A stream can be added once, to one workflow. */
  addStream<I extends PortTypes, O extends PortTypes>(
    stream: Stream<I, O, any>,
    options?: AddStreamOptions,
  ): Step<I, O> {
    this.assertBuilding('addStream()');
    if (!(stream instanceof Stream)) {
      throw new WiringError(
        `addStream(stream): expected a Stream; got ${describe(stream)}. Wrap a function with new Stream({ fn }).`,
      );
    }
    if (!Array.isArray(stream.ins) || !Array.isArray(stream.outs)) {
      throw new WiringError(
        `addStream(stream): ${describe(stream)} was not initialised as a Stream; does its constructor call super()?`,
      );
    }
    if (placed.has(stream)) {
      throw new WiringError(
        `addStream(stream): the stream "${stream.name}" was already added to a workflow; create a new instance for each place it runs.`,
      );
    }
    const placement = options === undefined ? undefined : checkPlacement(options, stream.name);
    if (placement?.worker !== undefined && this.names.has(stream.name)) {
      throw new WiringError(
        `addStream(${JSON.stringify(stream.name)}, { worker }): a placed stream needs a name of its own, and the workflow ` +
          `already has a stream named "${stream.name}"; give it a unique name (e.g. map(fn, { name: 'parse' })).`,
      );
    }
    const step = new Step<I, O>(this, stream, this.uniqueName(stream.name), this.capacity, this.strict);
    // Groups are checked before the step is registered, so a bad group leaves the workflow as it was.
    for (const group of stream.sync) this.synchronise(step, group);
    placed.add(stream);
    this.names.add(step.name);
    step.index = this.steps.length;
    if (placement?.worker !== undefined)
      step.placement = {
        worker: placement.worker,
        replicas: placement.replicas ?? 1,
        partitionBy: placement.partitionBy,
      };
    this.steps.push(step);
    return step;
  }

  /**
   * @internal A worker thread's part of a run over `threads()`: reached through the workflow its factory built,
   * so that the thread serves it with the copy of rx-mimo that built it.
   */
  serveThread(data: ThreadData, parent: PortLike): void {
    serveThread(this, data, parent);
  }

  /**
   * Runs every stream until all have finished. Rejects with a `StreamError`
   * when a stream fails, a `DeadlockError` when nothing can progress, or an
   * `AbortError` when `signal` aborts.
   */
  run(options: RunOptions = {}): Promise<void> {
    // Checked before the engine starts, so a bad call leaves the workflow as it was.
    const bad = checkRunOptions(options);
    if (bad !== undefined) return Promise.reject(bad);
    // Spread over workers: the transport runs it (coordinating, and running here what is placed nowhere).
    if (options.transport !== undefined) return options.transport.run(this, { signal: options.signal });
    return new Promise<void>((resolve, reject) => {
      const signal = options.signal;
      if (signal?.aborted) {
        reject(abortError(signal));
        return;
      }
      // Listening before start(): the first slice runs inside it, and a stream that aborts
      // there must stop the run at once (no further run() calls), not when start() returns.
      const onAbort = () => this.engine?.abort(abortError(signal));
      signal?.addEventListener('abort', onAbort, { once: true });
      const observer: RunObserver = {
        complete: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
        // Only run$() aborts without a reason, and this run is not one of its.
        stopped: () => signal?.removeEventListener('abort', onAbort),
        error: (err) => {
          signal?.removeEventListener('abort', onAbort);
          reject(err);
        },
      };
      try {
        this.start(observer);
      } catch (err) {
        signal?.removeEventListener('abort', onAbort);
        throw err;
      }
    });
  }

  /** @internal Starts the engine; returns a function that stops it (reporting `reason` as the error, or nothing). */
  start(observer: RunObserver, steps?: readonly Step<any, any>[]): (reason?: unknown) => void {
    if (this.engine !== null) {
      throw new WiringError(
        'run(): this workflow was already run; a Workflow runs once, so build a new one to run again.',
      );
    }
    let over = false;
    const ended = () => {
      if (over) return;
      over = true;
      for (const listener of [...this.endListeners]) listener();
    };
    const engine = new Engine(
      this,
      {
        complete: () => {
          observer.complete();
          ended();
        },
        error: (err) => {
          observer.error(err);
          ended();
        },
        stopped: () => {
          observer.stopped();
          ended();
        },
        quiet: () => observer.quiet?.(),
      },
      steps,
    );
    this.engine = engine;
    for (const listener of [...this.startListeners]) listener();
    engine.start();
    // An abort without a reason tells the observer nothing; the end listeners still hear of it.
    return (reason) => {
      engine.abort(reason);
      if (engine.status !== 'running') ended();
    };
  }

  /**
   * Snapshots of what the workflow is doing (per stream and per connection)
   * every `interval` ms on its scheduler, and a final one when the run ends.
   * Costs nothing while nobody subscribes.
   *
   * @example
   * ```ts
   * workflow.metrics(500).subscribe((m) => console.log(m.connections.map((c) => `${c.to} ${c.size}/${c.capacity}`)));
   * ```
   */
  metrics(interval = 1000): Observable<MetricsSnapshot> {
    return metricsOf(this, interval);
  }

  /** {@link Workflow.metrics} every second. */
  get metrics$(): Observable<MetricsSnapshot> {
    return metricsOf(this, 1000);
  }

  /**
   * The workflow as a Graphviz DOT `digraph` (the seed's `str(workflow)`): streams, ports and
   * capacities, or each connection's fill when given a metrics snapshot.
   *
   * @example
   * ```ts
   * writeFileSync('workflow.dot', workflow.toDot()); // dot -Tsvg workflow.dot > workflow.svg
   * ```
   */
  toDot(metrics?: MetricsSnapshot): string {
    return toDot(this, metrics);
  }

  /**
   * The workflow as a Mermaid `flowchart`; with a metrics snapshot, each pipe shows its fill.
   *
   * @example
   * ```ts
   * console.log('```mermaid\n' + workflow.toMermaid() + '\n```');
   * ```
   */
  toMermaid(metrics?: MetricsSnapshot): string {
    return toMermaid(this, metrics);
  }

  /* ------------------------------------------------------- the RxJS side */

  /**
   * Adds a source with one output `out`: an Iterable, AsyncIterable or generator function (pulled
   * while `out` has room), or any RxJS ObservableInput (subscribed, under `overflow`). See `addSource`.
   *
   * @example
   * ```ts
   * const ticks = workflow.addSource(interval(100), { name: 'ticks', overflow: 'drop-oldest' });
   * ```
   */
  addSource<T>(input: SourceInput<T>, options: AddSourceOptions = {}): Step<{}, { out: T }> {
    return addSource(this, input, options);
  }

  /**
   * An Observable of every item reaching an output port; ask before the run. See `output$`.
   *
   * @example
   * ```ts
   * workflow.output$(route.output('even')).subscribe((n) => console.log(n));
   * ```
   */
  output$<T>(ref: OutputRef<T>): Observable<T> {
    return output$(this, ref);
  }

  /**
   * The run as a cold Observable: subscribing starts it, unsubscribing aborts it. See `run$`.
   *
   * @example
   * ```ts
   * const subscription = workflow.run$().subscribe({ error: (err) => console.error(err) });
   * ```
   */
  run$(): Observable<never> {
    return run$(this);
  }

  /**
   * Names open ports for `asOperator` / `toOperator`. See `expose`.
   *
   * @example
   * ```ts
   * workflow.expose({ numbers: route.input('in'), even: route.output('even') });
   * ```
   */
  expose(ports: Record<string, InputRef<any> | OutputRef<any>>): this {
    expose(this, ports);
    return this;
  }

  /**
   * This workflow as a function from Observables to Observables, by exposed port name; it runs
   * once (use `asOperator(() => build())` to subscribe again). See `asOperator`.
   *
   * @example
   * ```ts
   * const { even } = workflow.asOperator<{ numbers: number }, { even: number }>()({ numbers: of(1, 2) });
   * ```
   */
  asOperator<In extends object, Out extends object>(
    options: AsOperatorOptions = {},
  ): (inputs: { [K in keyof In]: ObservableInput<In[K]> }) => { [K in keyof Out]: Observable<Out[K]> } {
    return asOperator<In, Out>(this, options);
  }

  /** The Graphviz DOT picture of the workflow. */
  toString(): string {
    return this.toDot();
  }

  /** @internal */
  connect(from: OutputRef<any>, to: InputRef<any>, options: PipeOptions): void {
    connect(this, from, to, options);
  }

  /** @internal */
  pipeSteps(from: Step<any, any>, to: Step<any, any>, options: PipeOptions): void {
    pipeSteps(this, from, to, options);
  }

  /** @internal */
  synchronise(step: Step<any, any>, names: readonly string[]): void {
    synchronise(this, step, names);
  }

  /** @internal */
  assertBuilding(what: string): void {
    if (this.engine !== null) {
      throw new WiringError(`${what}: the workflow is already running or has run; build the whole graph before run().`);
    }
  }

  /**
   * `name`, or `name#n` with the first free n from 2. The search starts where the last one for
   * this name ended, so adding many streams of one name is linear; it still skips a name the
   * user gave (such as `map#3`). Nothing is taken here: a step that fails to be added frees it.
   */
  private uniqueName(name: string): string {
    if (!this.names.has(name)) return name;
    let n = this.nextSuffix.get(name) ?? 2;
    while (this.names.has(`${name}#${n}`)) n++;
    this.nextSuffix.set(name, n);
    return `${name}#${n}`;
  }
}

/** The error of an aborted run: the reason, whatever it is, is its cause. */
function abortError(signal: RunOptions['signal']): AbortError {
  const reason = signal?.reason;
  return reason === undefined
    ? new AbortError('run(): aborted')
    : new AbortError(`run(): aborted: ${messageOf(reason)}`, { cause: reason });
}

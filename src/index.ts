/* rx-mimo: back-pressured multi-input multi-output streaming for RxJS. */

/* ---------------------------------------------------------------- streams */
export { Stream } from './stream';

/* -------------------------------------------------------------- workflows */
export { Workflow } from './workflow/workflow';
export { Step, InputRef, OutputRef } from './workflow/step';

/* ---------------------------------------------------- metrics, diagnosis */
export type { MetricsSnapshot, StreamMetrics, ConnectionMetrics, RunStatus } from './workflow/metrics';

/* ----------------------------------------------------------------- stages */
export {
  fromIterable,
  range,
  collect,
  Collect,
  forEach,
  map,
  filter,
  scan,
  take,
  batch,
  tap,
  mapAsync,
  buffer,
  drop,
  takeWhile,
  dropWhile,
  sliding,
  intersperse,
  defaultIfEmpty,
  reduce,
  distinct,
  distinctUntilChanged,
  flatMap,
  groupBy,
  delay,
  throttle,
  debounce,
  sample,
  groupedWithin,
  idleTimeout,
  completionTimeout,
  keepAlive,
  recover,
  broadcast,
  balance,
  partition,
  fork,
  merge,
  mergePreferred,
  concat,
  zip,
  zipWith,
  joinByKey,
  type StageOptions,
  type Numbered,
  type ForEachOptions,
  type MapAsyncOptions,
  type OverflowStrategy,
  type JoinByKeyOptions,
  type TakeWhileOptions,
  type IntersperseOptions,
  type DistinctOptions,
  type FlatMapOptions,
  type InnerInput,
  type GroupByOptions,
  type DelayOptions,
  type ThrottleOptions,
  type TapObserver,
  type MapOptions,
  type FilterOptions,
  type OnError,
  type Decision,
  type SupervisionOptions,
  type RetryOptions,
  type Backoff,
} from './stages/index';

/* ------------------------------------------------------------- rxjs bridge */
export { fromAsyncIterable } from './stages/from-async-iterable';
export { addSource, type SourceInput, type AddSourceOptions } from './rx/add-source';
export { fromObservable, ObservableSource, type Overflow, type FromObservableOptions } from './rx/from-observable';
export { output$ } from './rx/output';
export { toAsyncIterable } from './rx/to-async-iterable';
export { run$ } from './rx/run';
export { fromOperator } from './rx/from-operator';
export type { FromOperatorOptions } from './rx/operator-stream';
export { toOperator } from './rx/to-operator';
export { asOperator, type AsOperatorOptions, type WorkflowSource } from './rx/as-operator';
export { expose, openPorts, type OpenPorts } from './rx/expose';

/* ------------------------------------------------------- over a transport */
export { Transport } from './transport/transport';
export type {
  RunPlan,
  PlannedWorker,
  PlannedEdge,
  EdgeEnd,
  Participant,
  ChannelKey,
  ChannelMessage,
  ChannelEnd,
  ControlMessage,
  ControlLink,
  Hub,
  Outpost,
  WorkflowFactory,
} from './transport/types';
export { serveFragment } from './transport/fragment';

/* ------------------------------------------------------------------ types */
export type {
  Input,
  Output,
  Inputs,
  Outputs,
  PortTypes,
  AnyPorts,
  PortName,
  RunOutcome,
  RunResult,
  RunFn,
  StreamContext,
  StreamOptions,
  PipeOptions,
  AddStreamOptions,
  RunTransport,
  Ending,
  WorkflowOptions,
  RunOptions,
  AbortSignalLike,
  StepState,
  ConnectionState,
} from './types';

/* ----------------------------------------------------------------- errors */
export {
  MimoError,
  WiringError,
  PortError,
  StreamError,
  AbortError,
  DeadlockError,
  StateError,
  TimeoutError,
  type StuckStream,
  type StuckConnection,
  type DeadlockDiagnosis,
  type WaitLink,
  failedStream,
} from './errors';

/* rx-mimo: back-pressured multi-input multi-output streaming for RxJS. */

/* ---------------------------------------------------------------- streams */
export { Stream } from './stream';

/* -------------------------------------------------------------- workflows */
export { Workflow } from './workflow/workflow';
export { Step, InputRef, OutputRef } from './workflow/step';

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
} from './stages/index';

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
  StreamOptions,
  PipeOptions,
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
  type StuckStream,
  type StuckConnection,
} from './errors';

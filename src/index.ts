/* rx-mimo: back-pressured multi-input multi-output streaming for RxJS. */

/* ---------------------------------------------------------------- streams */
export { Stream } from './stream';

/* -------------------------------------------------------------- workflows */
export { Workflow } from './workflow/workflow';
export { Step, InputRef, OutputRef } from './workflow/step';

/* ----------------------------------------------------------------- stages */
export { fromIterable, collect, Collect } from './stages/index';

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
  StreamContext,
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

/// <reference types="node" preserve="true" />
/* rx-mimo/node: helpers that need Node.js (files, the terminal). */

/* ---------------------------------------------------------------- sources */
export { readLines, type ReadLinesOptions } from './read-lines';

/* --------------------------------------------------------------- progress */
export { progress, progressLine, type ProgressOptions, type ProgressOutput } from './progress';

/* ---------------------------------------------------------------- threads */
export { threads, ThreadsTransport, type ThreadsOptions } from './threads';

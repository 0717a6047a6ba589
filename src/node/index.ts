/// <reference types="node" preserve="true" />
/* rx-mimo/node: helpers that need Node.js (files, streams, the terminal). */

/* ---------------------------------------------------------------- sources */
export { readLines, type ReadLinesOptions } from './read-lines';
export { fromReadable, type FromReadableOptions } from './from-readable';

/* ------------------------------------------------------------------ sinks */
export { writeTo, type WriteToOptions } from './write-to';
/** Also in the core (`rx-mimo`): a port's items for `for await`, with back-pressure through the iterator. */
export { toAsyncIterable } from '../rx/to-async-iterable';

/* --------------------------------------------------------------- progress */
export { progress, progressLine, type ProgressOptions, type ProgressOutput } from './progress';

/* ---------------------------------------------------------------- threads */
export { threads, ThreadsTransport, type ThreadsOptions } from './threads';

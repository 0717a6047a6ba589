/* The standard stages: one factory per file. */
export type { StageOptions, Numbered } from './check';
/* sources and sinks */
export { fromIterable } from './from-iterable';
export { range } from './range';
export { collect, Collect } from './collect';
export { forEach, type ForEachOptions } from './for-each';
/* one in, one out */
export { map } from './map';
export { filter } from './filter';
export { scan } from './scan';
export { take } from './take';
export { batch } from './batch';
export { tap, type TapObserver } from './tap';
export { mapAsync, type MapAsyncOptions } from './map-async';
export { buffer, type OverflowStrategy } from './buffer';
/* fan-out */
export { broadcast } from './broadcast';
export { balance } from './balance';
export { partition } from './partition';
export { fork } from './fork';
/* fan-in */
export { merge } from './merge';
export { mergePreferred } from './merge-preferred';
export { concat } from './concat';
export { zip } from './zip';
export { zipWith } from './zip-with';
export { joinByKey, type JoinByKeyOptions } from './join-by-key';

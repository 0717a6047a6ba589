/* The standard stages: one factory per file. */
export type { StageOptions, Numbered } from './check';
/* sources and sinks */
export { fromIterable } from './from-iterable';
export { range } from './range';
export { collect, Collect } from './collect';
export { forEach, type ForEachOptions } from './for-each';
/* one in, one out */
export { map, type MapOptions } from './map';
export { filter, type FilterOptions } from './filter';
export { scan } from './scan';
export { take } from './take';
export { batch } from './batch';
export { tap, type TapObserver } from './tap';
export { mapAsync, type MapAsyncOptions } from './map-async';
export { buffer, type OverflowStrategy } from './buffer';
export { drop } from './drop';
export { takeWhile, type TakeWhileOptions } from './take-while';
export { dropWhile } from './drop-while';
export { sliding } from './sliding';
export { intersperse, type IntersperseOptions } from './intersperse';
export { defaultIfEmpty } from './default-if-empty';
export { reduce } from './reduce';
export { distinct, type DistinctOptions } from './distinct';
export { distinctUntilChanged } from './distinct-until-changed';
/* nested streams and keyed groups */
export { flatMap, type FlatMapOptions, type InnerInput } from './flat-map';
export { groupBy, type GroupByOptions } from './group-by';
/* time */
export { delay, type DelayOptions } from './delay';
export { throttle, type ThrottleOptions } from './throttle';
export { debounce } from './debounce';
export { sample } from './sample';
export { groupedWithin } from './grouped-within';
export { idleTimeout } from './idle-timeout';
export { completionTimeout } from './completion-timeout';
export { keepAlive } from './keep-alive';
/* failure recovery */
export { recover } from './recover';
export type { OnError, Decision, SupervisionOptions, RetryOptions, Backoff } from './supervision';
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

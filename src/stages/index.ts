export { fromIterable } from './from-iterable';
export { collect, Collect } from './collect';

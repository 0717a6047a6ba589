import type { PortTypes } from '../types';
import type { Stream } from '../stream';
import { checkFunction, portNames, stageOptions, type StageOptions } from './check';
import { ZipStage } from './zip';

/**
 * Like {@link zip}, but emits `fn` of each set of items (a new object keyed by input name).
 *
 * - emits when: every input has an item and the output has room
 * - back-pressures when: the output is full, or (each input) it is ahead of the others
 * - completes when: any input is done (items left on the others are cancelled)
 * - cancels when: the output is cancelled, or it completes
 * - fails when: `fn` throws (the error names the stage)
 *
 * ```
 * up:   -0-1-2|
 * down: -9-8-7|     zipWith(({ up, down }) => up * down, ['up', 'down'])
 * out:  -0-8-14|
 * ```
 *
 * @example
 * ```ts
 * const product = workflow.addStream(
 *   zipWith((s: { up: number; down: number }) => s.up * s.down, ['up', 'down']),
 * );
 * ```
 */
export function zipWith<I extends PortTypes, R>(
  fn: (set: I) => R,
  names: readonly (keyof I & string)[],
  options?: StageOptions,
): Stream<I, { out: R }>;
export function zipWith<const N extends string, R>(
  fn: (set: { [K in N]: any }) => R,
  names: readonly N[],
  options?: StageOptions,
): Stream<{ [K in N]: any }, { out: R }>;
export function zipWith<R>(
  fn: (set: Record<string, unknown>) => R,
  names: readonly string[],
  options?: StageOptions,
): Stream<Record<string, unknown>, { out: R }> {
  checkFunction('zipWith', 'fn', fn, "zipWith(({ a, b }) => a + b, ['a', 'b'])");
  const ports = portNames('zipWith', 'names', names, 'in', 2);
  return new ZipStage(ports, fn, stageOptions('zipWith', options).name);
}

import type { PortTypes } from '../types';
import { Stream, describe } from '../stream';
import { Workflow } from '../workflow/workflow';
import { fromIterable } from '../stages/from-iterable';
import { Collect } from '../stages/collect';
import { WiringError } from '../errors';
import { checkOptions } from '../options';

/** Options of {@link testStream}. */
export interface TestStreamOptions {
  /** Capacity of every connection (default 64). */
  capacity?: number;
  /** Throw when the stream pushes past capacity (default true: a tested stream should respect back-pressure). */
  strict?: boolean;
}

/**
 * Runs one stream alone (the seed's TestHelper): each input is fed from a
 * list, each output is collected, and the stream is re-run while it asks to.
 * Resolves with the items of every output.
 *
 * @example
 * ```ts
 * const out = await testStream(double, { x: [1, 2] }); // { y: [2, 4] }
 * ```
 */
export async function testStream<I extends PortTypes, O extends PortTypes>(
  stream: Stream<I, O, any>,
  inputs: { [K in keyof I]?: Iterable<I[K]> },
  options?: TestStreamOptions,
): Promise<{ [K in keyof O]: O[K][] }> {
  const { capacity, strict = true } = checkOptions(
    options,
    ['capacity', 'strict'],
    'testStream(stream, inputs, options)',
  );
  const workflow = new Workflow({ capacity, strict });
  const step = workflow.addStream(stream as Stream<any, any, any>);
  for (const name of Object.keys(inputs ?? {})) {
    if (!stream.ins.includes(name as never)) {
      throw new WiringError(
        `testStream(): stream "${stream.name}" has no input port "${name}"; its inputs are: ${stream.ins.join(', ') || 'none'}.`,
      );
    }
    const items = (inputs as Record<string, unknown>)[name];
    if (items == null || typeof (items as Iterable<unknown>)[Symbol.iterator] !== 'function') {
      throw new WiringError(`testStream(): input "${name}" must be an iterable of items; got ${describe(items)}.`);
    }
    workflow
      .addStream(fromIterable(items as Iterable<unknown>, { name: `input ${name}` }))
      .output('out')
      .pipe(step.input(name as never));
  }
  const sinks: Record<string, Collect<unknown>> = {};
  for (const name of stream.outs) {
    const sink = (sinks[name] = new Collect<unknown>(`output ${name}`));
    step.output(name as never).pipe(workflow.addStream(sink).input('in'));
  }
  await workflow.run();
  const result: Record<string, unknown[]> = {};
  for (const name of stream.outs) result[name] = sinks[name].items;
  return result as { [K in keyof O]: O[K][] };
}

import type { Inputs, Outputs } from '../types';
import { Stream } from '../stream';

/** A source pulling an AsyncIterable while its output has room (one `next()` in flight at a time). */
export function fromAsyncIterable<T>(
  iterable: AsyncIterable<T>,
  options: { name?: string } = {},
): Stream<{}, { out: T }> {
  return new PullAsync(iterable, options.name ?? 'fromAsyncIterable');
}

class PullAsync<T> extends Stream<{}, { out: T }> {
  private iterator: AsyncIterator<T> | null = null;
  private exhausted = false;

  constructor(
    private readonly iterable: AsyncIterable<T>,
    name: string,
  ) {
    super({ name, outs: ['out'] });
  }

  override async run(_ins: Inputs<{}>, outs: Outputs<{ out: T }>): Promise<boolean> {
    const it = (this.iterator ??= this.iterable[Symbol.asyncIterator]());
    for (;;) {
      const r = await it.next();
      if (r.done) {
        this.exhausted = true;
        return false;
      }
      if (outs.out.cancelled || !outs.out.push(r.value)) return true;
    }
  }

  override finalize(): void {
    if (this.iterator !== null && !this.exhausted) void this.iterator.return?.();
  }
}

import { type EnvironmentInjector, Injector, createEnvironmentInjector } from '@angular/core';
import { lastValueFrom, toArray } from 'rxjs';
import { NumbersService, provideNumbers } from '../../examples/angular/numbers.service';

/** An Angular environment injector, as an app's root injector, in plain Node (no zone.js, no compiler). */
function injectorWith(numbers?: Iterable<number>): EnvironmentInjector {
  const platform = Injector.create({ providers: [] }) as EnvironmentInjector;
  return createEnvironmentInjector(provideNumbers(numbers), platform);
}

describe('examples/angular', () => {
  it('exposes the workflow outputs as Observables and signals inside an Angular injector', async () => {
    const injector = injectorWith([1, 2, 3, 4, 5, 6, 7]);
    const service = injector.get(NumbersService);
    const evens = lastValueFrom(service.evens$.pipe(toArray()));
    await service.done;
    expect(await evens).toEqual([2, 4, 6]);
    expect(await lastValueFrom(service.odds$.pipe(toArray()))).toEqual([1, 3, 5, 7]);
    expect(service.evens()).toEqual([2, 4, 6]);
    expect(service.odds()).toEqual([1, 3, 5, 7]);
    expect(service.total()).toBe(7);
    expect(service.status()).toBe('completed');
    injector.destroy();
  });

  it('routes the default numbers', async () => {
    const injector = injectorWith();
    const service = injector.get(NumbersService);
    await service.done;
    expect(service.evens()).toEqual([2, 4, 6, 8, 10]);
    expect(service.odds()).toEqual([1, 3, 5, 7, 9]);
    injector.destroy();
  });

  it('aborts the run when the injector is destroyed', async () => {
    function* naturals() {
      for (let i = 0; ; i++) yield i;
    }
    const injector = injectorWith(naturals());
    const service = injector.get(NumbersService);
    injector.destroy();
    await expectAsync(service.done).toBeRejectedWithError(/aborted/);
    // However far the run got before the abort, the evens are 0, 2, 4… in order.
    expect(service.evens()).toEqual(service.evens().map((_, i) => 2 * i));
  });
});

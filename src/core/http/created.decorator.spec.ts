import { INTERCEPTORS_METADATA } from '@nestjs/common/constants.js';
import { Invalidates } from '../../cache/cached.decorator.js';
import { IdempotencyInterceptor } from '../../idempotency/idempotency.interceptor.js';
import { Created, LocationInterceptor } from './created.decorator.js';

const interceptorsOf = (route: unknown): unknown[] =>
  Reflect.getMetadata(INTERCEPTORS_METADATA, route as object) as unknown[];

describe('Created', () => {
  class Routes {
    @Created()
    @Invalidates(() => [])
    createdAbove(): void {}

    @Invalidates(() => [])
    @Created()
    createdBelow(): void {}

    @Created()
    alone(): void {}
  }

  it('should put Idempotency-Key handling outermost, whatever the order of the decorators', () => {
    for (const route of [Routes.prototype.createdAbove, Routes.prototype.createdBelow]) {
      const interceptors = interceptorsOf(route);
      expect(interceptors[0]).toBe(IdempotencyInterceptor);
      expect(interceptors).toHaveLength(3);
      expect(interceptors).toContain(LocationInterceptor);
    }
    expect(interceptorsOf(Routes.prototype.alone)).toEqual([
      IdempotencyInterceptor,
      LocationInterceptor,
    ]);
  });

  it('should leave routes that create nothing without it', () => {
    class Other {
      @Invalidates(() => [])
      update(): void {}
    }
    expect(interceptorsOf(Other.prototype.update)).not.toContain(IdempotencyInterceptor);
  });
});

import { Injectable } from '@nestjs/common';

const MAX_SCOPES = 100_000;

/**
 * This instance's own count of writes per scope. Part of the coalescing key, so a read that starts
 * after a write never joins a load that began before it — also while Redis is down.
 */
@Injectable()
export class LocalGenerations {
  private readonly counters = new Map<string, number>();

  bump(tenant: string, scopes: string[]): void {
    if (this.counters.size > MAX_SCOPES) {
      // Dropping counts only starts new coalescing groups; it can never join an older load.
      this.counters.clear();
    }
    for (const scope of scopes) {
      const key = `${tenant}\0${scope}`;
      this.counters.set(key, (this.counters.get(key) ?? 0) + 1);
    }
  }

  sum(tenant: string, scopes: string[]): number {
    return scopes.reduce(
      (total, scope) => total + (this.counters.get(`${tenant}\0${scope}`) ?? 0),
      0,
    );
  }
}

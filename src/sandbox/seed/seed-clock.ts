import { randomInt, type Random } from '../random.js';

/** Seeded data lives in 2025 so it is deterministic and always in the past. */
export const SEED_START = Date.UTC(2025, 0, 6, 8, 0, 0);
export const SEED_END = Date.UTC(2025, 11, 31, 18, 0, 0);
const DAY = 24 * 60 * 60 * 1000;

export function randomCreatedOn(random: Random): number {
  return (
    SEED_START +
    randomInt(random, 0, Math.floor((SEED_END - SEED_START) / 1000) - (60 * DAY) / 1000) * 1000
  );
}

export function randomLaterTime(random: Random, after: number, maxDays: number): number {
  const latest = Math.min(SEED_END, after + maxDays * DAY);
  return after + Math.floor(random() * (latest - after));
}

export function addDays(time: number, days: number): number {
  return time + days * DAY;
}

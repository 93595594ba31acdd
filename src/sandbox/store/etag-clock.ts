/**
 * Hands out change times and C4C-style ETags. The ETag carries seven fraction digits, the last
 * four a counter, so two changes in the same millisecond still get different ETags.
 */
export class EtagClock {
  private counter = 0;

  constructor(private readonly now: () => number = Date.now) {}

  currentTime(): number {
    return this.now();
  }

  etagFor(time: number): string {
    this.counter = (this.counter + 1) % 10000;
    const iso = new Date(time)
      .toISOString()
      .replace('Z', `${String(this.counter).padStart(4, '0')}Z`);
    return `W/"datetime'${iso.replaceAll(':', '%3A')}'"`;
  }
}

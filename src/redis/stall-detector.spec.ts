import { StallDetector } from './stall-detector.js';

describe(StallDetector.name, () => {
  it('should mark Redis stalled on the third timeout in a row, and report it once', () => {
    const detector = new StallDetector(3);
    expect([detector.timedOut(), detector.timedOut()]).toEqual([false, false]);
    expect(detector.stalled).toBe(false);
    expect(detector.timedOut()).toBe(true);
    expect(detector.stalled).toBe(true);
    expect(detector.timedOut()).toBe(false);
    expect(detector.stalled).toBe(true);
  });

  it('should start counting again after any answer', () => {
    const detector = new StallDetector(3);
    detector.timedOut();
    detector.timedOut();
    detector.answered();
    detector.timedOut();
    detector.timedOut();
    expect(detector.stalled).toBe(false);
  });

  it('should end a stall on an answer', () => {
    const detector = new StallDetector(2);
    detector.timedOut();
    detector.timedOut();
    detector.answered();
    expect(detector.stalled).toBe(false);
  });
});

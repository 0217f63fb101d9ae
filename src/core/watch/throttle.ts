/**
 * Runs `flush` at most once per `intervalMs`, after the first call of `schedule`
 * in each window: thousands of events a second become a few flushes a second.
 */
export class Throttle {
  private timer: NodeJS.Timeout | undefined;
  flushes = 0;

  constructor(
    private readonly intervalMs: number,
    private readonly flush: () => void,
  ) {}

  schedule(): void {
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      this.flushes++;
      this.flush();
    }, this.intervalMs);
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}

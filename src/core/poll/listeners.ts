/**
 * The listeners of a poll, and its timer: it ticks every `everyMs` while anyone listens
 * (and, with `atOnce`, once as the first one subscribes), and stops with the last.
 */
export class PollListeners<T> {
  private readonly listeners = new Set<(value: T) => void>();
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly tick: () => void,
    private readonly everyMs: number,
    private readonly atOnce = false,
  ) {}

  subscribe(listener: (value: T) => void): { dispose(): void } {
    this.listeners.add(listener);
    if (!this.timer && !this.stopped) {
      this.timer = setInterval(this.tick, this.everyMs);
      this.timer.unref?.();
      if (this.atOnce) {
        this.tick();
      }
    }
    return {
      dispose: () => {
        this.listeners.delete(listener);
        if (this.listeners.size === 0) {
          clearInterval(this.timer);
          this.timer = undefined;
        }
      },
    };
  }

  /** Tells every listener, unless stopped. */
  fire(value: T): void {
    if (!this.stopped) {
      this.listeners.forEach(l => l(value));
    }
  }

  /** No more ticks and no more listeners. */
  stop(): void {
    this.stopped = true;
    clearInterval(this.timer);
    this.timer = undefined;
    this.listeners.clear();
  }
}

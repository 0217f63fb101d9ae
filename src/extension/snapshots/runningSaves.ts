/** Snapshot saves in progress, so that closing the window cancels them and removes their `.part` files. */
export class RunningSaves {
  private readonly running = new Map<AbortController, Promise<unknown>>();

  /** Keeps `work` (cancelled through `abort`) until it settles; returns it. */
  track<T>(abort: AbortController, work: Promise<T>): Promise<T> {
    const settled = work.then(
      () => undefined,
      () => undefined,
    );
    this.running.set(abort, settled);
    void settled.then(() => this.running.delete(abort));
    return work;
  }

  /** Cancels every save in progress and waits until each has removed its partial file. */
  async cancelAll(): Promise<void> {
    const saves = [...this.running.entries()];
    saves.forEach(([abort]) => abort.abort());
    await Promise.all(saves.map(([, settled]) => settled));
  }
}

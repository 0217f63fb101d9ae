import type { Log } from './log';

/** One thing to do when the extension stops: its name (for the log) and the work. */
export interface ShutdownStep {
  name: string;
  run(): Promise<unknown> | void;
}

/**
 * The extension's ordered stop. VS Code calls `deactivate` and then, without waiting
 * for the promise it returns, disposes `context.subscriptions`: a service disposed
 * there would close the etcd client while a local node still resigns through it. So
 * the services are not subscriptions; `deactivate` runs this (the disposable pushed to
 * the subscriptions only runs it when no deactivate did), and each step waits for the
 * one before it. A failed step is logged and the next one still runs. Running it again
 * returns the same promise.
 */
export class Shutdown {
  private done: Promise<void> | undefined;

  constructor(
    private readonly steps: readonly ShutdownStep[],
    private readonly log: Pick<Log, 'error'>,
  ) {}

  run(): Promise<void> {
    return (this.done ??= this.runSteps());
  }

  private async runSteps(): Promise<void> {
    for (const step of this.steps) {
      try {
        await step.run();
      } catch (err) {
        this.log.error(`Stopping the extension: ${step.name} failed: ${(err as Error).message}`);
      }
    }
  }
}

import type { Etcd3 } from 'etcd3';
import { createEtcd3 } from '../../../src/core/client/etcdClient';
import { resolveConnection } from '../../../src/core/config/connectionConfig';

/** A client as the extension makes one (its defaults: timeouts, keepalive, retries). */
export function clientOf(endpoints: readonly string[]): Etcd3 {
  return createEtcd3(resolveConnection({ endpoints: [...endpoints] }, {}));
}

export const sleep = (ms: number) => new Promise<void>(resolve => setTimeout(resolve, ms));

/** Runs `step` until `running()` turns false; a step's error is counted by the step itself. */
export async function loop(running: () => boolean, step: () => Promise<void>): Promise<void> {
  while (running()) {
    await step();
  }
}

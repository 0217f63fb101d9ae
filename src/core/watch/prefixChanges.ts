import type { Etcd3, Watcher } from 'etcd3';
import type { Disposable } from '../events';
import { folderPrefix } from '../keys/keyRange';

/**
 * Calls `onChange` (batched, at most once per `debounceMs`) after any put or delete
 * under `prefix`. A change signal only: readers re-read the state, so the exact
 * events do not matter, and after a broken stream one extra call is made.
 */
export async function watchPrefixChanges(etcd: Etcd3, prefix: string, onChange: () => void, debounceMs = 50): Promise<Disposable> {
  let timer: NodeJS.Timeout | undefined;
  const schedule = () => {
    timer ??= setTimeout(() => {
      timer = undefined;
      onChange();
    }, debounceMs);
  };
  const watcher: Watcher = await etcd.watch().prefix(folderPrefix(prefix)).create();
  watcher.on('data', schedule);
  // The stream was re-established: events may have been missed meanwhile.
  watcher.on('connected', schedule);
  watcher.on('error', () => undefined);
  return {
    dispose: () => {
      clearTimeout(timer);
      void watcher.cancel().catch(() => undefined);
    },
  };
}

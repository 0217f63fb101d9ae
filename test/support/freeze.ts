import type { LocalEtcdCluster } from '../../src/core/local/etcdProcess';

/**
 * Freezes member `index` with SIGSTOP (what a partition or a stuck disk looks like to a
 * client: the connection stays open, nothing answers) while `work` runs, and always
 * resumes it with SIGCONT, on success and on failure.
 */
export async function whileFrozen<T>(cluster: LocalEtcdCluster, index: number, work: () => Promise<T>): Promise<T> {
  const resume = freeze(cluster, index);
  try {
    return await work();
  } finally {
    resume();
  }
}

/** Freezes member `index`; returns the function that resumes it (safe to call twice). */
export function freeze(cluster: LocalEtcdCluster, index: number): () => void {
  const pid = cluster.members[index].process?.pid;
  if (pid === undefined) {
    throw new Error(`member ${index} is not running`);
  }
  process.kill(pid, 'SIGSTOP');
  let resumed = false;
  return () => {
    if (!resumed) {
      resumed = true;
      process.kill(pid, 'SIGCONT');
    }
  };
}

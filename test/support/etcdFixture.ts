import { LocalEtcdCluster, LocalClusterOptions } from '../../src/core/local/etcdProcess';

/**
 * Starts a real etcd cluster before the suite and stops it after, on success
 * and on failure (mocha runs `after` hooks either way; the process exit hook in
 * LocalEtcdCluster covers a crash).
 */
export function useEtcd(options: LocalClusterOptions = {}): () => LocalEtcdCluster {
  let cluster: LocalEtcdCluster | undefined;
  before(async function () {
    this.timeout(60_000);
    cluster = await LocalEtcdCluster.start(options);
  });
  after(async function () {
    this.timeout(30_000);
    await cluster?.stop();
  });
  return () => {
    if (!cluster) {
      throw new Error('etcd fixture not started');
    }
    return cluster;
  };
}

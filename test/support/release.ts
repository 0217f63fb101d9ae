import { compareVersions, etcdVersionOf } from '../../src/core/local/etcdReleases';

let cached: string | undefined;

/** The etcd release the tests run against: the one scripts/test.js put first on PATH. */
export function etcdRelease(): string {
  cached ??= process.env.ZTAP_ETCD_RELEASE ?? etcdVersionOf('etcd');
  if (!cached) {
    throw new Error('no etcd on PATH: run the tests with npm test, which finds or builds every release');
  }
  return cached;
}

/** Whether the release under test is `version` or newer. */
export function releaseAtLeast(version: string): boolean {
  return compareVersions(etcdRelease(), version) >= 0;
}

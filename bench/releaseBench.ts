import { LocalEtcdCluster } from '../src/core/local/etcdProcess';
import { etcdVersionOf } from '../src/core/local/etcdReleases';
import { LISTING_CASES, listingBench } from './listingBench';
import { watchBench } from './watchBench';

/**
 * The listing and watch ratios on one etcd release: the release whose etcd, etcdctl and
 * etcdutl scripts/bench.js put first on PATH, so both tools run that release's code
 * against its own server. The 1,000,000-key case is left to the main bench (3.4.23).
 * Prints one JSON line for scripts/bench.js.
 */
async function main(): Promise<void> {
  const release = etcdVersionOf('etcd') ?? 'unknown';
  const cases = LISTING_CASES.filter(c => c.keys <= 200_000);
  const listing = await LocalEtcdCluster.start({ members: 1, extraArgs: ['--quota-backend-bytes', String(4 * 1024 ** 3)] });
  const rows: Array<{ job: string; ratio: number; note: string }> = [];
  try {
    for (const r of await listingBench(listing, cases)) {
      rows.push({ job: `ls: ${r.name}`, ratio: r.ratio, note: `${r.oursMs.toFixed(0)} vs ${r.etcdctlMs.toFixed(0)} ms` });
    }
  } finally {
    await listing.stop();
  }
  const cluster = await LocalEtcdCluster.start({ members: 1 });
  try {
    const w = await watchBench(cluster);
    rows.push({
      job: 'watch: 100,000 puts, events/s (higher is better)',
      ratio: w.ratio,
      note: `${w.oursPerSecond.toFixed(0)} vs ${w.etcdctlPerSecond.toFixed(0)}`,
    });
  } finally {
    await cluster.stop();
  }
  console.log(`RELEASE-BENCH ${JSON.stringify({ release, rows })}`);
}

main().catch(err => {
  console.error(err);
  process.exitCode = 1;
});

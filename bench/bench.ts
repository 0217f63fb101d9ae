import { LocalEtcdCluster } from '../src/core/local/etcdProcess';
import { electionBench } from './electionBench';
import { FIND_KEYS, findKeyBench } from './findKeyBench';
import { TRANSFER_KEYS, transferBench } from './transferBench';
import { listingBench } from './listingBench';
import type { PaceRow } from './paceBench';
import { watchBench } from './watchBench';
import { dashboardBench } from './dashboardBench';
import { DU_KEYS, duBench } from './duBench';
import { COMPARE_KEYS, compareBench } from './compareBench';
import { snapshotDataBench } from './snapshotDataBench';

/**
 * `npm run bench`: figures as ratios against etcdctl measured in the same run,
 * on a local etcd started here and stopped at the end. Machines here are noisy
 * 2-core boxes: read ratios, not absolute times.
 */
async function main(): Promise<void> {
  const rows: PaceRow[] = [];
  const cluster = await LocalEtcdCluster.start({ members: 1, extraArgs: ['--quota-backend-bytes', String(4 * 1024 ** 3)] });
  try {
    const listing = await LocalEtcdCluster.start({ members: 1, extraArgs: ['--quota-backend-bytes', String(4 * 1024 ** 3)] });
    try {
      console.log('Listing a folder: ztap-etcd ls against etcdctl get --prefix --keys-only, both to /dev/null under GNU time,');
      console.log('one warm-up each, then 5 interleaved runs, medians; etcd seeded (~170-byte values) and then restarted');
      for (const r of await listingBench(listing)) {
        console.log(`  ${r.name}:`);
        console.log(
          `    ztap-etcd ${r.oursMs.toFixed(0)} ms, etcdctl ${r.etcdctlMs.toFixed(0)} ms: ratio ${r.ratio.toFixed(2)}; peak memory ${r.oursPeakMiB.toFixed(0)} MiB vs ${r.etcdctlPeakMiB.toFixed(0)} MiB`,
        );
        rows.push({
          job: `ls: ${r.name}`,
          goal: '<= 1.0x',
          value: `${r.ratio.toFixed(2)}x`,
          met: r.ratio <= 1,
          note: `${r.oursMs.toFixed(0)} vs ${r.etcdctlMs.toFixed(0)} ms`,
        });
      }
    } finally {
      await listing.stop();
    }

    console.log('\nElection hand-over after a resign (SIGINT to the leader until the next one leads), median of 20');
    const el = await electionBench(cluster);
    console.log(`  ztap-etcd elect:                      ${el.oursHandoverMs.toFixed(0)} ms`);
    console.log(`  etcdctl elect:                        ${el.etcdctlHandoverMs.toFixed(0)} ms`);
    console.log(`  ratio ztap-etcd / etcdctl:            ${el.handoverRatio.toFixed(2)}`);
    console.log(`  takeover after SIGKILL (TTL 3 s):     ${el.takeoverMs.toFixed(0)} ms = ${el.takeoverTtlRatio.toFixed(2)} x TTL (median of 3)`);

    console.log('\nWatch: 100,000 puts under one prefix, every event delivered');
    const w = await watchBench(cluster);
    console.log(`  core watcher (PrefixWatcher):         ${w.oursPerSecond.toFixed(0)} events/s`);
    console.log(`  etcdctl watch --prefix:               ${w.etcdctlPerSecond.toFixed(0)} events/s`);
    console.log(`  ratio ours / etcdctl:                 ${w.ratio.toFixed(2)} (higher is better)`);
    console.log(
      `  put -> tree redraw while 1,000 events/s stream in: median ${w.treeDelayMedianMs.toFixed(0)} ms, p95 ${w.treeDelayP95Ms.toFixed(0)} ms (batching window 250 ms)`,
    );

    const db = await dashboardBench(cluster);
    console.log(`\nCluster Dashboard fed at ${db.eventsPerSecond.toFixed(0)} events/s with 50 ZTAP nodes (10 s windows, etcd freshly written)`);
    console.log(`  the tree's watch alone:               ${db.watchCorePercent.toFixed(1)}% of a core`);
    console.log(`  the watch feeding the dashboard:      ${db.withFeedCorePercent.toFixed(1)}% of a core (the difference is the dashboard's: target < 5%)`);
    console.log(`  messages to the webview:              ${db.messagesPerSecond.toFixed(1)} a second`);
    const dashboardPercent = db.withFeedCorePercent - db.watchCorePercent;
    rows.push({
      job: 'dashboard: its share of a core',
      goal: '< 5%',
      value: `${dashboardPercent.toFixed(1)}%`,
      met: dashboardPercent < 5,
      note: `at ${db.eventsPerSecond.toFixed(0)} events/s`,
    });

    const tr = await transferBench(cluster, true);
    console.log(`\nImport of ${TRANSFER_KEYS.toLocaleString('en')} keys into an empty folder (keys per second, higher is better; export is in the pace table)`);
    console.log(`  ztap-etcd import (new keys):          ${tr.importPerSecond.toFixed(0)} keys/s`);
    console.log(`  shell loop of etcdctl put:            ${tr.etcdctlLoopPerSecond.toFixed(0)} keys/s`);
    console.log(`  ratio ours / etcdctl:                 ${tr.importRatio.toFixed(1)}`);
    rows.push({
      job: `import: ${TRANSFER_KEYS.toLocaleString('en')} keys, keys/s`,
      goal: '>= 1.0x',
      value: `${tr.importRatio.toFixed(1)}x`,
      met: tr.importRatio >= 1,
      note: 'vs a shell loop of etcdctl put',
    });

    const du = await duBench(cluster);
    console.log(
      `\nWhere the space goes: du of ${DU_KEYS.toLocaleString('en')} keys (every key and value read; etcd freshly written), median of 5, interleaved, both to a file`,
    );
    console.log(`  ztap-etcd du /ztap/ --depth 3:        ${du.oursMs.toFixed(0)} ms`);
    console.log(`  etcdctl get /ztap/ --prefix -w json:  ${du.etcdctlMs.toFixed(0)} ms`);
    console.log(`  ratio ztap-etcd / etcdctl:            ${du.ratio.toFixed(2)} (target <= 1.5)`);
    rows.push({
      job: `du: ${DU_KEYS.toLocaleString('en')} keys`,
      goal: '<= 1.5x',
      value: `${du.ratio.toFixed(2)}x`,
      met: du.ratio <= 1.5,
      note: 'vs etcdctl get --prefix -w json',
    });

    const cmp = await compareBench();
    console.log(
      `\nTwo clusters: diff of a folder of ${COMPARE_KEYS.toLocaleString('en')} keys on each (1,000 changed; both freshly written), median of 5, interleaved, both to files`,
    );
    console.log(`  ztap-etcd diff --against-endpoints:   ${cmp.oursMs.toFixed(0)} ms`);
    console.log(`  two etcdctl get --prefix -w json:     ${cmp.etcdctlMs.toFixed(0)} ms`);
    console.log(`  ratio ztap-etcd / etcdctl:            ${cmp.ratio.toFixed(2)} (target <= 2)`);
    rows.push({
      job: `diff: ${COMPARE_KEYS.toLocaleString('en')} keys a side`,
      goal: '<= 2.0x',
      value: `${cmp.ratio.toFixed(2)}x`,
      met: cmp.ratio <= 2,
      note: 'vs two etcdctl get',
    });

    const fk = await findKeyBench(cluster);
    console.log(
      `\nFind Key on ${FIND_KEYS.toLocaleString('en')} policy keys beside ZTAP's election and nodes: ${fk.keystrokes} keystrokes typing a policy's path, cold folder index`,
    );
    console.log(`  per keystroke: median ${fk.medianMs.toFixed(1)} ms, p95 ${fk.p95Ms.toFixed(0)} ms`);
    console.log(`  entering a folder not listed yet:     ${fk.newFolderMs.map(ms => ms.toFixed(0)).join(', ')} ms to the first results`);
    console.log(`  etcd's walk of those folders alone:   ${fk.newFolderWalkMs.map(ms => ms.toFixed(0)).join(', ')} ms (count_only over each, right after)`);
    console.log(
      `  /ztap/policies/state/ asked for on its own, cold (1,000,000 keys, names sharing their first byte): ${fk.directMs.toFixed(0)} ms to the first results; etcd's walk of it alone: ${fk.directWalkMs.toFixed(0)} ms`,
    );
    console.log(`  etcdctl get <typed> --prefix --keys-only --limit 200: median ${fk.etcdctlMedianMs.toFixed(0)} ms (a process per query)`);
    console.log(`  ratio ours / etcdctl (medians):       ${fk.ratio.toFixed(2)}`);
    const typing = [...fk.typingMs].sort((a, b) => a - b);
    console.log(
      `  typed at 8 keystrokes/s (no waiting):  median ${typing[Math.floor(typing.length / 2)].toFixed(0)} ms, p95 ${typing[Math.floor(typing.length * 0.95)].toFixed(0)} ms, worst ${typing[typing.length - 1].toFixed(0)} ms to a keystroke's first results`,
    );
    const sd = await snapshotDataBench(cluster);
    console.log(`\nA snapshot as data: ${sd.keys.toLocaleString('en')} keys, ${sd.fileMiB.toFixed(0)} MiB file, no etcd (median of 3)`);
    console.log(`  ztap-etcd snapshot ls <file> /ztap/policies/state/: ${sd.lsMs.toFixed(0)} ms, peak memory ${sd.lsPeakMiB.toFixed(0)} MiB`);
    console.log(`  Open Snapshot (index on a worker thread): ${sd.openMs.toFixed(0)} ms, then the Keys level in ${sd.firstLevelMs.toFixed(0)} ms`);
  } finally {
    await cluster.stop();
  }
  console.log(`MAIN-BENCH ${JSON.stringify({ rows })}`);
}

main().catch(err => {
  console.error(`bench failed: ${(err as Error).message}`);
  process.exitCode = 1;
});

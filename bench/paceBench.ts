import { LocalEtcdCluster } from '../src/core/local/etcdProcess';
import { etcdVersionOf } from '../src/core/local/etcdReleases';
import { EDITOR_KEYS, EXPANDED, editorMemoryBench } from './editorMemoryBench';
import { FIND_KEYS, findKeyBench } from './findKeyBench';
import { CHANGES, FOLDER_KEYS, historyBench, VERSIONS } from './historyBench';
import { CLI_LEASES, LEASES, leasesBench, leasesCliBench } from './leasesBench';
import { FLAT_CASES, listingBench } from './listingBench';
import { SNAPSHOT_RUNS, snapshotBench } from './snapshotBench';
import { startupPace } from './startupPace';
import { TRANSFER_KEYS, transferBench } from './transferBench';

/** One job against its goal: a ratio to etcdctl (or a time), and whether the goal is met. */
export interface PaceRow {
  job: string;
  goal: string;
  value: string;
  met: boolean;
  note: string;
}

const n = (x: number) => x.toLocaleString('en');
const ms = (x: number) => `${x.toFixed(0)} ms`;

function atMost(job: string, ratio: number, goal: number, note: string): PaceRow {
  return { job, goal: `<= ${goal.toFixed(1)}x`, value: `${ratio.toFixed(2)}x`, met: ratio <= goal, note };
}

function atLeast(job: string, ratio: number, goal: number, note: string): PaceRow {
  return { job, goal: `>= ${goal.toFixed(1)}x`, value: `${ratio.toFixed(2)}x`, met: ratio >= goal, note };
}

/**
 * The jobs of "at etcdctl's pace on every job", on the etcd release first on PATH
 * (scripts/bench.js runs it on 3.4.23 and on the newest release, each against its own
 * etcdctl and etcdutl). Each job prints its figures as it ends; the last line is
 * `PACE-BENCH {json}` for scripts/bench.js's table. Every etcd here is started for the
 * job and stopped after it; the state of etcd is said per job.
 */
async function main(): Promise<void> {
  const release = etcdVersionOf('etcd') ?? 'unknown';
  const rows: PaceRow[] = [];
  const say = (line: string) => console.log(`  ${line}`);
  console.log(`\nPace on etcd ${release}`);

  await withEtcd(async cluster => {
    const s = await startupPace(cluster);
    say(`start-up, medians of 11 interleaved: node -e 0 ${ms(s.nodeMs)}, a bare grpc-js Range ${ms(s.grpcFloorMs)} (the floor of any grpc-js CLI)`);
    for (const c of s.commands) {
      say(
        `  ${c.what.padEnd(20)} ztap-etcd ${ms(c.oursMs)} (${ms(c.oursMs - s.nodeMs)} above node, ${ms(c.oursMs - s.grpcFloorMs)} above grpc-js), etcdctl ${ms(c.etcdctlMs)}`,
      );
    }
    const get = s.commands.find(c => c.what.startsWith('get'))!;
    rows.push({
      job: 'get of a small key, start to exit',
      goal: '<= 60 ms',
      value: ms(get.oursMs),
      met: get.oursMs <= 60,
      note: `node -e 0 ${ms(s.nodeMs)}, bare grpc-js ${ms(s.grpcFloorMs)}, etcdctl ${ms(get.etcdctlMs)}`,
    });
  });

  await withEtcd(async cluster => {
    for (const r of await listingBench(cluster, FLAT_CASES)) {
      say(`ls, ${r.name} (seeded, then etcd restarted; medians of 5): ztap-etcd ${ms(r.oursMs)}, etcdctl get --prefix --keys-only ${ms(r.etcdctlMs)}`);
      rows.push(atMost(`ls: ${r.name}`, r.ratio, 1, `${ms(r.oursMs)} vs ${ms(r.etcdctlMs)}`));
    }
  });

  await withEtcd(async cluster => {
    const h = await historyBench(cluster);
    say(`history of a key with ${n(VERSIONS)} versions (freshly written; medians of 5): ${ms(h.historyMs)} vs etcdctl watch --rev ${ms(h.etcdctlHistoryMs)}`);
    say(
      `changes, ${n(CHANGES)} in ${n(FOLDER_KEYS)} keys: ${ms(h.changesMs)} (in-process ${ms(h.changesInProcessMs)}) vs etcdctl watch --prefix --rev ${ms(h.etcdctlChangesMs)}`,
    );
    rows.push(atMost(`history: a key of ${n(VERSIONS)} versions`, h.historyRatio, 1, `${ms(h.historyMs)} vs ${ms(h.etcdctlHistoryMs)}`));
    rows.push(
      atMost(
        `changes: ${n(CHANGES)} in ${n(FOLDER_KEYS)} keys`,
        h.changesRatio,
        1,
        `${ms(h.changesMs)} vs ${ms(h.etcdctlChangesMs)}; in-process ${ms(h.changesInProcessMs)}`,
      ),
    );
  });

  await withEtcd(async cluster => {
    const t = await transferBench(cluster);
    say(
      `export of ${n(TRANSFER_KEYS)} keys to a file (freshly written; medians of 5): ${n(Math.round(t.exportPerSecond))} keys/s vs etcdctl get -w json ${n(Math.round(t.etcdctlGetPerSecond))}`,
    );
    rows.push(
      atLeast(
        `export: ${n(TRANSFER_KEYS)} keys, keys/s`,
        t.exportRatio,
        1.2,
        `${n(Math.round(t.exportPerSecond))} vs ${n(Math.round(t.etcdctlGetPerSecond))} keys/s`,
      ),
    );
  });

  await withEtcd(async cluster => {
    const l = await leasesBench(cluster);
    say(`Leases node on ${n(LEASES)} leases (freshly granted; medians of 5): ${ms(l.firstPageMs)} vs etcdctl lease list ${ms(l.etcdctlListMs)}`);
    rows.push(atMost(`Leases node: ${n(LEASES)} leases, vs lease list`, l.ratio, 1.5, `${ms(l.firstPageMs)} (in-process) vs ${ms(l.etcdctlListMs)}`));
    const c = await leasesCliBench(cluster);
    say(`leases --keys on ${n(CLI_LEASES)} leases: ${ms(c.oursMs)} vs etcdctl lease list + timetolive --keys of each ${ms(c.etcdctlEveryLeaseMs)}`);
    rows.push(atMost(`leases --keys: ${n(CLI_LEASES)} leases, vs list + timetolive`, c.ratio, 1, `${ms(c.oursMs)} vs ${ms(c.etcdctlEveryLeaseMs)}`));
  });

  await withEtcd(async cluster => {
    const s = await snapshotBench(cluster);
    say(
      `snapshot of ${s.sizeMiB.toFixed(0)} MiB (medians of ${SNAPSHOT_RUNS}): save ${ms(s.oursSaveMs)} vs ${ms(s.etcdctlSaveMs)}, status ${ms(s.oursStatusMs)} vs ${ms(s.etcdctlStatusMs)}`,
    );
    // One row per job whatever the file's size on each release (a few MiB apart).
    rows.push(atMost('snapshot save: 100 values of 1 MiB', s.saveRatio, 1, `${s.sizeMiB.toFixed(0)} MiB: ${ms(s.oursSaveMs)} vs ${ms(s.etcdctlSaveMs)}`));
    rows.push(
      atMost('snapshot status: 100 values of 1 MiB', s.statusRatio, 1, `${s.sizeMiB.toFixed(0)} MiB: ${ms(s.oursStatusMs)} vs ${ms(s.etcdctlStatusMs)}`),
    );
  });

  if (!release.startsWith('3.4.')) {
    // On 3.4 the floor of a never-listed folder is etcd's walk of it (the main bench shows
    // it); here: whether a newer etcd moves that floor.
    await withEtcd(async cluster => {
      const f = await findKeyBench(cluster);
      say(
        `Find Key, first keystroke into a never-listed folder of ${n(FIND_KEYS)} keys (freshly written): ${ms(f.directMs)} to the first results; etcd's walk of it alone ${ms(f.directWalkMs)}`,
      );
      rows.push({
        job: `Find Key: a never-listed ${n(FIND_KEYS)}-key folder`,
        goal: "<= 1.2x etcd's walk",
        value: ms(f.directMs),
        met: f.directMs <= f.directWalkMs * 1.2,
        note: `etcd's walk of it ${ms(f.directWalkMs)}; per keystroke median ${f.medianMs.toFixed(1)} ms`,
      });
    });
  }

  await withEtcd(async cluster => {
    const e = await editorMemoryBench(cluster);
    const above = e.expandedMiB - e.idleMiB;
    say(
      `the editor on ${n(EDITOR_KEYS)} keys (freshly written): extension host ${e.idleMiB.toFixed(0)} MiB idle, ${e.expandedMiB.toFixed(0)} MiB with Keys, state/ counted and ${EXPANDED} folders of ${n(EDITOR_KEYS / 10)} keys expanded (${above.toFixed(0)} MiB above idle; peak ${e.peakMiB.toFixed(0)} MiB; ${e.expandSeconds.toFixed(1)} s of clicks)`,
    );
    rows.push({
      job: `editor: host memory, ${n(EDITOR_KEYS)} keys, ${EXPANDED} folders open`,
      goal: '< 300 MiB above idle',
      value: `${above.toFixed(0)} MiB`,
      met: above < 300,
      note: `idle ${e.idleMiB.toFixed(0)} MiB, expanded ${e.expandedMiB.toFixed(0)} MiB, peak ${e.peakMiB.toFixed(0)} MiB`,
    });
  });

  console.log(`PACE-BENCH ${JSON.stringify({ release, rows })}`);
}

async function withEtcd(job: (cluster: LocalEtcdCluster) => Promise<void>): Promise<void> {
  const cluster = await LocalEtcdCluster.start({ members: 1, extraArgs: ['--quota-backend-bytes', String(4 * 1024 ** 3)] });
  try {
    await job(cluster);
  } finally {
    await cluster.stop();
  }
}

main().catch(err => {
  console.error(err);
  process.exitCode = 1;
});

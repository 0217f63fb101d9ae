import { writeFileSync } from 'fs';
import { findEtcdBinary } from '../../src/core/local/findEtcd';
import { decodeNode } from '../../src/core/ztap/nodeJson';
import { ChaosCluster } from './chaosCluster';
import { checkElection } from './checkElection';
import { checkWatch, historyHoles } from './checkWatches';
import { checkEditors, checkFolderCycles, checkWriter } from './checkWrites';
import { FaultInjector } from './faultInjector';
import { clientOf, sleep } from './load/client';
import { Editors } from './load/editors';
import { ElectionLoad, ELECTION_KEY } from './load/election';
import { FolderCycles } from './load/folderCycle';
import { CliWatchRecorder, WatchRecorder } from './load/watchers';
import { Writer } from './load/writer';
import type { Anomaly } from './records';
import { ReferenceHistory } from './reference';
import { chaosReport } from './report';
import { drawSchedule } from './schedule';

const KEPT_REVISIONS = 1000n;

/**
 * One chaos run, inside the network namespace scripts/chaos.js made for it:
 * `node chaosRun.js --minutes N --seed S --work DIR [--json FILE]`. Starts the cluster,
 * the load and the faults, heals everything at the end, waits for every watch to catch
 * up, reads etcd's history back and checks it all. Exit 1 on any anomaly.
 */
async function main(): Promise<number> {
  const arg = (name: string) => {
    const at = process.argv.indexOf(name);
    return at >= 0 ? process.argv[at + 1] : undefined;
  };
  const minutes = Number(arg('--minutes') ?? 5);
  const seed = Number(arg('--seed'));
  const workDir = arg('--work')!;
  const jsonFile = arg('--json');
  const runMs = minutes * 60_000;
  const log = (line: string) => process.stdout.write(`${line}\n`);
  const etcdPath = findEtcdBinary(undefined);
  if (!etcdPath) {
    throw new Error('no etcd on PATH');
  }
  const cluster = await ChaosCluster.start(workDir, etcdPath);
  let running = true;
  const stops: Array<() => Promise<void> | void> = [];
  const interrupted = new Promise<void>(resolve => {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      // A terminal's Ctrl-C reaches this process twice (directly and from scripts/chaos.js):
      // the second must not end it before it has cleaned up.
      process.on(signal, () => {
        if (!running) {
          return;
        }
        log(`\n${signal}: healing the faults and stopping everything`);
        running = false;
        injector.abandoned = true;
        resolve();
      });
    }
  });
  const reference = new ReferenceHistory(cluster.directUrls);
  const referenceRunning = { on: true };
  // Compactions keep the last 1,000 revisions (as etcd's --auto-compaction-mode=revision
  // does), and never take what the checker has not read: a watch that falls further
  // behind (its member frozen or cut off) is compacted and must say so.
  const injector = new FaultInjector(cluster, () => reference.readThrough - KEPT_REVISIONS, log);
  try {
    const setup = clientOf(cluster.directUrls);
    const counters = ['/chaos/counters/c0', '/chaos/counters/c1', '/chaos/counters/c2'];
    const folder = new FolderCycles(cluster.clientUrls, '/chaos/folder/', workDir);
    try {
      for (const c of counters) {
        await setup.put(c).value('0');
      }
      await folder.seed(setup);
    } finally {
      setup.close();
    }
    await reference.catchUp();
    const start = reference.readThrough;
    const writer = new Writer(cluster.clientUrls, ['/chaos/w/a/', '/chaos/w/b/', '/chaos/w/c/']);
    const editors = new Editors(cluster.clientUrls, counters);
    const election = new ElectionLoad(cluster.clientUrls, seed);
    const watchers = [
      new WatchRecorder('watch /chaos/w/a/', cluster.clientUrls, '/chaos/w/a/', start + 1n),
      new WatchRecorder('watch /chaos/ from before the run', cluster.clientUrls, '/chaos/', start > 52n ? start - 50n : 2n),
      new WatchRecorder('watch /ztap/election/', cluster.clientUrls, `${ELECTION_KEY}/`, start + 1n),
    ];
    await Promise.all(watchers.map(w => w.start()));
    const cliWatch = new CliWatchRecorder(cluster.clientUrls, '/chaos/w/', start + 1n);
    stops.push(() => cliWatch.stop());
    const schedule = drawSchedule(seed, runMs);
    log(
      `chaos run: ${minutes} min, seed ${seed}, ${schedule.length} faults, etcd ${process.env.ZTAP_ETCD_RELEASE ?? '(PATH)'}; history from revision ${start + 1n}`,
    );
    const startedAt = Date.now();
    const loadRunning = () => running && Date.now() < startedAt + runMs;
    injector.run(schedule, startedAt);
    const following = reference.follow(() => referenceRunning.on, log);
    // Halfway, a watch from the run's first revision: compacted by then (it must say so and
    // go on from a fresh read) or replaying the whole run.
    const late = (async () => {
      await sleep(runMs / 2);
      if (loadRunning()) {
        const w = new WatchRecorder("watch /chaos/w/ started halfway from the run's first revision", cluster.clientUrls, '/chaos/w/', start + 1n);
        watchers.push(w);
        await w.start().catch(err => log(`the late watch did not start: ${(err as Error).message}`));
      }
    })();
    const load = Promise.all([writer.run(loadRunning), editors.run(loadRunning), election.run(loadRunning), folder.run(loadRunning), late]);
    await Promise.race([load, interrupted]);
    await injector.healAll();
    if (!running) {
      return 130;
    }
    await load;
    log(`load stopped; faults healed at ${new Date().toISOString()}`);
    await reference.catchUp();
    const through = reference.readThrough;
    // Every watch catches up to the last revision (a minute at most, after the faults).
    for (const deadline = Date.now() + 60_000; Date.now() < deadline; await sleep(250)) {
      if (watchers.every(w => w.caughtUp(through)) && cliWatch.caughtUp(through)) {
        break;
      }
    }
    referenceRunning.on = false;
    await following;
    const finals = new Map<string, number>();
    const reader = clientOf(cluster.directUrls);
    try {
      for (const c of counters) {
        finals.set(c, Number((await reader.get(c)) ?? NaN));
      }
    } finally {
      reader.close();
    }
    const history = reference.entries;
    const anomalies: Anomaly[] = [
      ...historyHoles(history, start + 1n, through).map(r => ({
        kind: 'lost' as const,
        what: `etcd's history read back has no event at revision ${r}`,
        revision: r,
      })),
      ...[...watchers.map(w => w.record), cliWatch.record].flatMap(w => checkWatch(w, history, through)),
      ...checkElection({
        participants: election.participants,
        beliefs: election.beliefs,
        history,
        folder: `${ELECTION_KEY}/`,
        faults: injector.applied,
        nameOf: v => decodeNode(v)?.id ?? v,
        keepaliveTimeoutMs: 6000,
        end: Date.now(),
      }),
      ...checkEditors(editors.outcomes, finals, history),
      ...checkFolderCycles(folder.cycles),
      ...checkWriter(writer.acks, history),
    ];
    const report = chaosReport({
      seed,
      minutes,
      release: process.env.ZTAP_ETCD_RELEASE ?? '',
      from: start + 1n,
      through,
      faults: injector.applied,
      writer,
      watches: [...watchers.map(w => w.record), cliWatch.record],
      election,
      editors,
      folder,
      anomalies,
    });
    log(report.text);
    if (jsonFile) {
      writeFileSync(jsonFile, `${JSON.stringify(report.json, (_k, v) => (typeof v === 'bigint' ? v.toString() : v), 2)}\n`);
    }
    for (const w of watchers) {
      w.stop();
    }
    return anomalies.length ? 1 : 0;
  } finally {
    running = false;
    referenceRunning.on = false;
    await injector.healAll().catch(() => undefined);
    for (const stop of stops) {
      await stop();
    }
    reference.close();
    await cluster.stop();
  }
}

main().then(
  code => process.exit(code),
  err => {
    process.stderr.write(`chaos run failed: ${(err as Error).stack ?? err}\n`);
    process.exit(2);
  },
);

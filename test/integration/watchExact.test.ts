import * as assert from 'assert';
import { spawn } from 'child_process';
import { join } from 'path';
import { createEtcd3 } from '../../src/core/client/etcdClient';
import { resolveConnection } from '../../src/core/config/connectionConfig';
import { LocalEtcdCluster } from '../../src/core/local/etcdProcess';
import { killAndWait } from '../../src/core/local/killAndWait';
import { eventually } from '../support/eventually';
import { CLI } from '../support/runCli';
import { etcdHistory, type HistoryLine } from '../support/etcdctl';
import { freeze } from '../support/freeze';

type Ev = HistoryLine;

/** `ztap-etcd watch --json` as a process; its event lines, parsed. */
function startCliWatch(endpoints: string[], prefix: string, rev: string) {
  const child = spawn(process.execPath, [CLI, 'watch', prefix, '--rev', rev, '--json', '--endpoints', endpoints.join(',')], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: Array<Record<string, unknown>> = [];
  let buffer = '';
  child.stdout.on('data', (c: Buffer) => {
    buffer += c.toString();
    let nl: number;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      lines.push(JSON.parse(buffer.slice(0, nl)));
      buffer = buffer.slice(nl + 1);
    }
  });
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  return { child, lines, stderr: () => stderr };
}

/** The watch's events once it has delivered revision `end`. */
async function eventsThrough(w: ReturnType<typeof startCliWatch>, end: string, timeoutMs: number): Promise<Ev[]> {
  const lines = await eventually(
    () => {
      const evs = w.lines.filter(l => l.type === 'put' || l.type === 'delete');
      return evs.some(l => BigInt(l.modRevision as string) >= BigInt(end)) ? evs : undefined;
    },
    timeoutMs,
    `ztap-etcd watch to reach revision ${end} (stderr: ${w.stderr().slice(-300)})`,
  );
  return lines.map(l => ({ type: l.type as Ev['type'], key: l.key as string, modRevision: l.modRevision as string, value: l.value as string }));
}

function runLoad(endpoints: string[], prefix: string, ops: number, rate: number): Promise<string> {
  const child = spawn(process.execPath, [join(__dirname, '..', 'support', 'writeLoad.js'), endpoints.join(','), prefix, String(ops), String(rate)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  return new Promise((resolve, reject) => child.on('exit', code => (code === 0 ? resolve(out.trim()) : reject(new Error(`load exited ${code}`)))));
}

async function currentRevision(endpoints: string[]): Promise<string> {
  const etcd = createEtcd3(resolveConnection({ endpoints }, {}));
  try {
    return (await etcd.kv.range({ key: Buffer.from('/'), limit: 1 })).header.revision;
  } finally {
    etcd.close();
  }
}

async function exactUnderRestarts(members: number): Promise<void> {
  const cluster = await LocalEtcdCluster.start({ members });
  const watch = { child: undefined as ReturnType<typeof startCliWatch>['child'] | undefined };
  try {
    const endpoints = cluster.endpoints;
    const start = String(BigInt(await currentRevision(endpoints)) + 1n);
    const w = startCliWatch(endpoints, '/load/', start);
    watch.child = w.child;
    const load = runLoad(endpoints, '/load/', 3000, 250);
    for (let i = 0; i < members; i++) {
      await new Promise(r => setTimeout(r, 1500));
      await cluster.stopMember(i);
      await new Promise(r => setTimeout(r, 1500));
      await cluster.startMember(i);
    }
    const end = await load;
    const mine = await eventsThrough(w, end, 60_000);
    const history = await etcdHistory(endpoints, '/load/', start, end);
    // A write retried after an ambiguous failure may land twice: etcd's history is the reference.
    assert.ok(history.length >= 3000, `etcd recorded ${history.length} events for 3000 operations`);
    assert.strictEqual(mine.length, history.length, `events: ours ${mine.length}, etcd ${history.length}`);
    assert.deepStrictEqual(mine, history);
    // The member serving the stream was restarted at some point: the stream broke and resumed.
    assert.match(w.stderr(), /watch reconnecting/);
  } finally {
    if (watch.child) {
      await killAndWait(watch.child, 'SIGINT');
    }
    await cluster.stop();
  }
}

describe('watch: every event exactly once, in order, across member restarts (real etcd)', function () {
  this.timeout(180_000);

  it('3-member cluster, each member stopped and restarted in turn under a steady write load', () => exactUnderRestarts(3));

  it('single member restarted under a steady write load', () => exactUnderRestarts(1));
});

describe('watch: a frozen member serving the stream (SIGSTOP) is noticed and left, no event lost', function () {
  this.timeout(120_000);

  it('reconnects to another member within the keepalive timeout, says so, and delivers what etcdctl watch --rev does', async () => {
    const cluster = await LocalEtcdCluster.start({ members: 3 });
    let watch: ReturnType<typeof startCliWatch> | undefined;
    let resume: (() => void) | undefined;
    try {
      const endpoints = cluster.endpoints;
      const others = endpoints.slice(1);
      const start = String(BigInt(await currentRevision(endpoints)) + 1n);
      // The first endpoint answers the connect check, so it serves the stream.
      watch = startCliWatch(endpoints, '/frozen/', start);
      const w = watch;
      const load = runLoad(others, '/frozen/', 1200, 100);
      await new Promise(r => setTimeout(r, 1500));
      resume = freeze(cluster, 0);
      const frozenAt = Date.now();
      const end = await load;
      // While the member is still frozen: the stream moved, nothing missing.
      const mine = await eventsThrough(w, end, 30_000);
      const host = endpoints[0].replace(/^http:\/\//, '');
      // Whichever notices first: the watch's own progress probe or gRPC's keepalive ping.
      const h = host.replace(/\./g, '\\.');
      assert.match(w.stderr(), new RegExp(`watch reconnecting \\(attempt 1\\): (no answer from ${h} for \\d+ s|${h}: the connection was dropped)`));
      const history = await etcdHistory(others, '/frozen/', start, end);
      assert.ok(history.length >= 1200, `etcd recorded ${history.length} events`);
      assert.deepStrictEqual(mine, history);
      assert.ok(Date.now() - frozenAt < 60_000);
    } finally {
      resume?.();
      if (watch) {
        await killAndWait(watch.child, 'SIGINT');
      }
      await cluster.stop();
    }
  });

  it('a member cut off from its raft leader cancels the watch (require-leader) and the watch says so', async () => {
    const cluster = await LocalEtcdCluster.start({ members: 3 });
    let watch: ReturnType<typeof startCliWatch> | undefined;
    const resumes: Array<() => void> = [];
    try {
      const start = String(BigInt(await currentRevision(cluster.endpoints)) + 1n);
      // Only the first member is given: the watch cannot move, so what it reports is that member's answer.
      watch = startCliWatch([cluster.endpoints[0]], '/cut/', start);
      const w = watch;
      await new Promise(r => setTimeout(r, 1500));
      resumes.push(freeze(cluster, 1), freeze(cluster, 2));
      await eventually(
        () => /watch reconnecting \(attempt \d+\): .*no leader/.test(w.stderr()) || undefined,
        30_000,
        `"no leader" on stderr (stderr: ${w.stderr().slice(-300)})`,
      );
    } finally {
      resumes.forEach(r => r());
      if (watch) {
        await killAndWait(watch.child, 'SIGINT');
      }
      await cluster.stop();
    }
  });
});

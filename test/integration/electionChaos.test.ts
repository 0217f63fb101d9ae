import * as assert from 'assert';
import { createEtcd3 } from '../../src/core/client/etcdClient';
import { resolveConnection } from '../../src/core/config/connectionConfig';
import { readLine } from '../../src/core/election/leaderReader';
import { encodeNode, newNode, decodeNode } from '../../src/core/ztap/nodeJson';
import { CliParticipant } from '../support/cliParticipant';
import { useEtcd } from '../support/etcdFixture';
import { ElectParticipant } from '../support/etcdctl';
import { eventually } from '../support/eventually';

/** Ours (ztap-etcd elect) and Go's (etcdctl elect), as the checker sees them. */
interface Member {
  id: string;
  kind: 'ours' | 'go';
  ours?: CliParticipant;
  go?: ElectParticipant;
  /** etcdctl prints when it becomes leader. */
  goLeadsAt?: number;
  /** When the test sent the signal that ends it. */
  endedAt?: number;
}

interface Sample {
  sentAt: number;
  receivedAt: number;
  firstId: string | undefined;
  firstKey: string | undefined;
}

const SECONDS = Number(process.env.ZTAP_CHAOS_SECONDS ?? 60);
const TTL = 3;

describe('election node: ten participants, leader killed or resigned for a minute', function () {
  this.timeout((SECONDS + 90) * 1000);
  const cluster = useEtcd();

  it('never has two participants reporting leader, and our reported leader always holds the first key', async () => {
    const endpoints = cluster().endpoints;
    const etcd = createEtcd3(resolveConnection({ endpoints }, {}));
    const members: Member[] = [];
    let serial = 0;
    const add = (kind: 'ours' | 'go') => {
      const id = `${kind}-${++serial}`;
      const m: Member = { id, kind };
      if (kind === 'ours') {
        m.ours = CliParticipant.start(endpoints, id, ['--ttl', String(TTL), '--heartbeat', '0.5']);
      } else {
        m.go = ElectParticipant.start(endpoints, '/ztap/election', encodeNode(newNode(id, '127.0.0.1:7000')));
        m.go.process.stdout?.once('data', () => (m.goLeadsAt = Date.now()));
      }
      members.push(m);
    };
    const samples: Sample[] = [];
    let polling = true;
    const poller = (async () => {
      while (polling) {
        const sentAt = Date.now();
        const { kvs } = await readLine(etcd, '/ztap/election');
        samples.push({
          sentAt,
          receivedAt: Date.now(),
          firstKey: kvs[0]?.key.toString(),
          firstId: kvs[0] ? (decodeNode(kvs[0].value)?.id ?? kvs[0].value.toString()) : undefined,
        });
        await new Promise(r => setTimeout(r, 50));
      }
    })();
    let handovers = 0;
    try {
      for (let i = 0; i < 10; i++) {
        add(i % 5 < 3 ? 'ours' : 'go');
        await new Promise(r => setTimeout(r, 150));
      }
      const deadline = Date.now() + SECONDS * 1000;
      let graceful = false;
      while (Date.now() < deadline) {
        const current = await eventually(() => samples[samples.length - 1]?.firstId, 15_000, 'a leader');
        const leader = members.find(m => m.id === current && m.endedAt === undefined);
        if (!leader) {
          await new Promise(r => setTimeout(r, 200));
          continue;
        }
        await new Promise(r => setTimeout(r, 300));
        leader.endedAt = Date.now();
        graceful = !graceful;
        if (leader.kind === 'go') {
          await leader.go!.stop('SIGINT'); // etcdctl's lease is 60 s: always resign it
        } else {
          await leader.ours!.stop(graceful ? 'SIGINT' : 'SIGKILL');
        }
        add(leader.kind);
        await eventually(() => (samples[samples.length - 1]?.firstId !== current ? true : undefined), (TTL + 10) * 1000, `a new leader after ${current}`);
        handovers++;
      }
    } finally {
      polling = false;
      await poller;
      // Every term still running ends here: a node elected while the others stop (a
      // resigning etcdctl hands over at once) must not count as a second leader.
      const stoppedAt = Date.now();
      members.forEach(m => (m.endedAt ??= stoppedAt));
      await Promise.all(members.map(m => (m.ours ? m.ours.stop('SIGKILL') : m.go!.stop('SIGINT'))));
      etcd.close();
    }

    // Each member's leadership intervals, as reported by the member itself. Our
    // participants stamp each event (`ts`, the same machine clock): reading the pipes
    // late under load must not stretch a term past the moment it really ended.
    const intervals: Array<{ id: string; start: number; end: number; key?: string }> = [];
    for (const m of members) {
      if (m.ours) {
        const events = m.ours.events;
        events.forEach((e, i) => {
          if (e.event === 'leader') {
            const next = events[i + 1];
            const end = next ? Date.parse(next.ts) : (m.endedAt ?? Infinity);
            intervals.push({ id: m.id, start: Date.parse(e.ts), end, key: e.key });
          }
        });
      } else if (m.goLeadsAt !== undefined) {
        intervals.push({ id: m.id, start: m.goLeadsAt, end: m.endedAt ?? Infinity });
      }
    }
    intervals.sort((a, b) => a.start - b.start);
    assert.ok(handovers >= 10, `only ${handovers} hand-overs in ${SECONDS} s`);
    for (let i = 1; i < intervals.length; i++) {
      const prev = intervals[i - 1];
      const next = intervals[i];
      assert.ok(prev.end <= next.start, `${prev.id} still reported leader (until ${prev.end}) when ${next.id} reported leader at ${next.start}`);
    }
    let checked = 0;
    for (const iv of intervals.filter(x => x.key)) {
      for (const s of samples.filter(x => x.sentAt >= iv.start && x.receivedAt <= iv.end)) {
        checked++;
        assert.strictEqual(s.firstKey, iv.key, `${iv.id} reported leader while ${s.firstId} held the first key`);
      }
    }
    assert.ok(checked > 20, `only ${checked} samples fell inside our leaders' terms`);
    console.log(`      ${handovers} hand-overs, ${intervals.length} terms, ${samples.length} samples, ${checked} checked against etcd`);
  });
});

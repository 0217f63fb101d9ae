import type { LocalEtcdCluster } from '../src/core/local/etcdProcess';
import { encodeNode, newNode } from '../src/core/ztap/nodeJson';
import { CliParticipant } from '../test/support/cliParticipant';
import { ElectParticipant } from '../test/support/etcdctl';
import { eventually } from '../test/support/eventually';
import { median } from './timing';

const ROUNDS = 20;
const TTL = 3;

export interface ElectionBenchResult {
  oursHandoverMs: number;
  etcdctlHandoverMs: number;
  handoverRatio: number;
  takeoverMs: number;
  takeoverTtlRatio: number;
}

/**
 * Hand-over after a resign: the time from SIGINT to the leader until the next
 * participant announces itself, for `ztap-etcd elect` pairs and for `etcdctl elect`
 * pairs, on the same cluster. Takeover after SIGKILL is set against the TTL.
 */
export async function electionBench(cluster: LocalEtcdCluster): Promise<ElectionBenchResult> {
  const endpoints = cluster.endpoints;
  const ours = await handovers(() => {
    let n = 0;
    return () => {
      const p = CliParticipant.start(endpoints, `bench-${++n}`, ['--ttl', '10', '--heartbeat', '1']);
      return {
        leads: (from: number) => p.waitFor('leader', 15_000, from).then(e => e.at),
        mark: () => p.events.length,
        stop: (s: NodeJS.Signals) => p.stop(s),
      };
    };
  });
  const theirs = await handovers(() => {
    let n = 0;
    return () => {
      const p = ElectParticipant.start(endpoints, '/ztap/bench-election', encodeNode(newNode(`go-${++n}`, '127.0.0.1:7000')));
      let ledAt = 0;
      p.process.stdout?.once('data', () => (ledAt = Date.now()));
      return {
        leads: () => eventually(() => ledAt || undefined, 15_000, 'etcdctl to lead'),
        mark: () => 0,
        stop: (s: NodeJS.Signals) => p.stop(s),
      };
    };
  });
  const takeovers: number[] = [];
  for (let i = 0; i < 3; i++) {
    const a = CliParticipant.start(endpoints, `crash-a${i}`, ['--ttl', String(TTL), '--heartbeat', '0.5']);
    await a.waitFor('leader', 15_000);
    const b = CliParticipant.start(endpoints, `crash-b${i}`, ['--ttl', String(TTL), '--heartbeat', '0.5']);
    await b.waitFor('follower', 15_000);
    const killed = Date.now();
    await a.stop('SIGKILL');
    takeovers.push((await b.waitFor('leader', (TTL + 10) * 1000)).at - killed);
    await b.stop('SIGINT');
  }
  const takeoverMs = median(takeovers);
  return {
    oursHandoverMs: ours,
    etcdctlHandoverMs: theirs,
    handoverRatio: ours / theirs,
    takeoverMs,
    takeoverTtlRatio: takeoverMs / (TTL * 1000),
  };
}

interface Runner {
  leads(fromEvent: number): Promise<number>;
  mark(): number;
  stop(signal: NodeJS.Signals): Promise<void>;
}

/** Median over ROUNDS of: SIGINT the leader, time until the follower leads; a fresh follower joins each round. */
async function handovers(factory: () => () => Runner): Promise<number> {
  const make = factory();
  let leader = make();
  await leader.leads(0);
  let follower = make();
  await new Promise(r => setTimeout(r, 300));
  const times: number[] = [];
  try {
    for (let i = 0; i < ROUNDS; i++) {
      const from = follower.mark();
      const sent = Date.now();
      const resigned = leader.stop('SIGINT');
      const at = await follower.leads(from);
      times.push(at - sent);
      await resigned;
      leader = follower;
      follower = make();
      await new Promise(r => setTimeout(r, 300));
    }
  } finally {
    await Promise.all([leader.stop('SIGKILL'), follower.stop('SIGKILL')]);
  }
  return median(times);
}

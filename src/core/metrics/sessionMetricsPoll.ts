import type { MemberHealthPoll } from '../cluster/memberHealthPoll';
import type { EtcdSession } from '../connection/etcdSession';
import { leaseIds } from '../leases/leaseList';
import { MetricsPoll, metricsTargets } from './metricsPoll';

/**
 * The metrics poll of a session: the members as the members' poll last saw them (so a
 * member added or removed is read or dropped), the connection's metrics URLs and TLS
 * files, each read within the request timeout, and the leases alive counted beside.
 */
export function sessionMetricsPoll(session: EtcdSession, members: MemberHealthPoll, everyMs: number): MetricsPoll {
  const { config } = session;
  return new MetricsPoll(async () => metricsTargets(config.metricsUrls, (await members.current()).members), {
    everyMs,
    timeoutMs: Math.min(config.requestTimeoutMs, everyMs),
    tls: config.tls,
    leases: async () => (await leaseIds(session.client)).length,
  });
}

import { plural } from '../text/plural';
import type { ConnectionConfig } from '../config/connectionConfig';
import { createEtcd3 } from '../client/etcdClient';
import { classifyError, withTimeout } from '../client/errors';
import { idToHex } from '../cluster/ids';
import { AUTH_REQUIRED, EndpointProbe, isMissingUser, probeEndpoint } from '../cluster/endpointProbe';

export interface ReportMember {
  id: string;
  name: string;
  clientURLs: string[];
  peerURLs: string[];
  isLearner: boolean;
}

export interface ConnectivityResult {
  endpoints: string[];
  ok: boolean;
  members: ReportMember[];
  /** Each configured endpoint's own health, latency and version. */
  probes: EndpointProbe[];
  error?: string;
}

/** What `ztap cluster test-etcd` does, plus a probe of every configured endpoint. */
export async function testConnectivity(config: ConnectionConfig): Promise<ConnectivityResult> {
  const endpoints = config.endpoints.map(e => e.original);
  const etcd = createEtcd3(config);
  const probing = Promise.all(config.endpoints.map(e => probeEndpoint(config, e)));
  try {
    const list = await withTimeout(
      etcd.cluster.memberList({}, { deadline: Date.now() + config.dialTimeoutMs }),
      config.dialTimeoutMs + 250,
      'member list',
      endpoints.join(', '),
    );
    const members = list.members.map(m => ({
      id: idToHex(m.ID),
      name: m.name,
      clientURLs: m.clientURLs,
      peerURLs: m.peerURLs,
      isLearner: m.isLearner,
    }));
    const probes = await probing;
    // The member list is readable without a user even with auth on; nothing else is.
    if (probes.some(p => p.health.authRequired)) {
      return { endpoints, ok: false, members, probes, error: AUTH_REQUIRED };
    }
    // A member list alone is no success: some endpoint must also have served a read.
    if (!probes.some(p => p.health.ok)) {
      return {
        endpoints,
        ok: false,
        members,
        probes,
        error: `no endpoint served a read: ${probes.map(p => `${p.url}: ${p.health.error ?? 'no answer'}`).join('; ')}`,
      };
    }
    return { endpoints, ok: true, members, probes };
  } catch (err) {
    const failure = classifyError(err, `[${endpoints.join(', ')}]`);
    const error = isMissingUser(config, failure.message) ? AUTH_REQUIRED : failure.message;
    return { endpoints, ok: false, members: [], probes: await probing, error };
  } finally {
    etcd.close();
  }
}

/** The report in ZTAP's own words, then one line per endpoint. */
export function formatConnectivityReport(result: ConnectivityResult): string[] {
  const lines = [`Testing etcd connection to: [${result.endpoints.join(' ')}]`, ''];
  if (!result.ok) {
    lines.push(`Error: Failed to connect to etcd: ${result.error ?? 'unknown error'}`);
  } else {
    lines.push('Connection successful!');
    lines.push(`Etcd cluster has ${result.members.length} member(s)`);
    result.members.forEach((m, i) => {
      lines.push(`  ${i + 1}. ID=${m.id}, Name=${m.name}, ClientURLs=[${m.clientURLs.join(' ')}]`);
    });
  }
  lines.push('');
  lines.push('Endpoint health:');
  for (const probe of result.probes) {
    lines.push(`  ${formatProbe(probe)}`);
  }
  return lines;
}

export function formatProbe(probe: EndpointProbe): string {
  const version = probe.status ? `, etcd ${probe.status.version}${probe.status.isLearner ? ', a raft learner (serves serializable reads only)' : ''}` : '';
  if (probe.health.ok) {
    return `${probe.url} is healthy: took ${probe.health.latencyMs} ms${version}`;
  }
  return `${probe.url} is unhealthy: ${probe.health.error ?? 'no answer'}${version}`;
}

/** The one-line summary for a notification or a script's log. */
export function summariseConnectivity(result: ConnectivityResult): string {
  if (!result.ok) {
    return `etcd connection to [${result.endpoints.join(', ')}] failed: ${result.error}`;
  }
  const healthy = result.probes.filter(p => p.health.ok).length;
  const total = result.probes.length;
  const endpoints =
    healthy === total
      ? total === 1
        ? 'the endpoint is healthy'
        : `all ${total} endpoints healthy`
      : `${healthy} of ${total} endpoint${total === 1 ? '' : 's'} healthy`;
  return `Connected: ${plural(result.members.length, 'member')}, ${endpoints}.`;
}

import type { Etcd3 } from 'etcd3';
import { createEtcd3 } from '../core/client/etcdClient';
import { ConnectionConfig, Env, resolveConnection } from '../core/config/connectionConfig';
import { splitEndpointList } from '../core/config/endpoints';
import type { CliArgs } from './args';
import { UsageError } from './usageError';

/** The other cluster of `diff` (against) or `copy` (to). */
export type OtherSide = 'against' | 'to';

/**
 * The other cluster's connection: `--{side}-endpoints` (required), `--{side}-user`,
 * `--{side}-cacert`, `--{side}-cert`, `--{side}-key`, else the same env scheme with the
 * side in its name (`ZTAP_ETCD_TO_ENDPOINTS`, `ZTAP_ETCD_TO_USERNAME`,
 * `ZTAP_ETCD_TO_PASSWORD`, ...). Never the first cluster's user or password: a
 * password meant for one cluster is not sent to another. Timeouts as the first one's.
 */
export function otherClusterConfig(args: CliArgs, side: OtherSide, first: ConnectionConfig, env: Env = process.env): ConnectionConfig {
  const v = args.values;
  const str = (name: string): string | undefined => (typeof v[`${side}-${name}`] === 'string' ? (v[`${side}-${name}`] as string) : undefined);
  const prefix = `ZTAP_ETCD_${side.toUpperCase()}_`;
  const sideEnv: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(env)) {
    if (name.startsWith(prefix)) {
      sideEnv[`ZTAP_ETCD_${name.slice(prefix.length)}`] = value;
    }
  }
  const endpoints = str('endpoints');
  if (endpoints === undefined && !sideEnv.ZTAP_ETCD_ENDPOINTS) {
    throw new UsageError(`the other cluster's endpoints are missing: --${side}-endpoints host:port[,host:port] (or ${prefix}ENDPOINTS)`);
  }
  return resolveConnection(
    {
      endpoints: endpoints === undefined ? undefined : splitEndpointList(endpoints),
      dialTimeoutMs: first.dialTimeoutMs,
      requestTimeoutMs: first.requestTimeoutMs,
      keepaliveTimeMs: first.keepaliveTimeMs,
      keepaliveTimeoutMs: first.keepaliveTimeoutMs,
      username: str('user'),
      keyPrefix: first.keyPrefix,
      tls: { caFile: str('cacert'), certFile: str('cert'), keyFile: str('key') },
    },
    sideEnv,
  );
}

/** Runs `work` with a client of the other cluster, closed after. */
export async function withOtherCluster<T>(config: ConnectionConfig, work: (etcd: Etcd3) => Promise<T>): Promise<T> {
  const etcd = createEtcd3(config);
  try {
    return await work(etcd);
  } finally {
    etcd.close();
  }
}

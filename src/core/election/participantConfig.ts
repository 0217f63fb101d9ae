import { hostname } from 'os';
import { ConfigError } from '../config/configError';
import type { Env } from '../config/connectionConfig';

/** One election node, as the guide's LeaderElectionConfig (docs/ztap-etcd-config.md) plus the session TTL. */
export interface ParticipantConfig {
  nodeId: string;
  /** host:port */
  address: string;
  /** Lease TTL (ZTAP's SessionTTL). */
  ttlSeconds: number;
  /** Keepalive period (ZTAP's HeartbeatInterval); under a third of the TTL. */
  heartbeatMs: number;
  /** How long one campaign attempt may wait on etcd before it is retried. */
  electionTimeoutMs: number;
  metadata?: Record<string, unknown>;
}

export interface ParticipantInput {
  nodeId?: string;
  address?: string;
  ttlSeconds?: number;
  heartbeatMs?: number;
  electionTimeoutMs?: number;
}

/** What messages call each setting: the CLI names its options (--ttl), the editor its questions. */
export interface ParticipantNames {
  ttl: string;
  heartbeat: string;
  electionTimeout: string;
}

const PLAIN_NAMES: ParticipantNames = { ttl: 'session TTL', heartbeat: 'heartbeat interval', electionTimeout: 'election timeout' };

export const PARTICIPANT_DEFAULTS = { address: '127.0.0.1:9090', ttlSeconds: 60, heartbeatMs: 5000, electionTimeoutMs: 15_000 } as const;

/** Explicit values, then ZTAP_NODE_ID / ZTAP_NODE_ADDRESS, then the guide's defaults; invalid values are refused. */
export function resolveParticipant(input: ParticipantInput, env: Env = process.env, names: ParticipantNames = PLAIN_NAMES): ParticipantConfig {
  const nodeId = (input.nodeId ?? env.ZTAP_NODE_ID ?? hostname()).trim();
  if (nodeId === '' || /[\s/]/.test(nodeId)) {
    throw new ConfigError(`Invalid node id ${JSON.stringify(nodeId)}: use a non-empty name without spaces or "/".`);
  }
  const address = (input.address ?? env.ZTAP_NODE_ADDRESS ?? PARTICIPANT_DEFAULTS.address).trim();
  const hostPort = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+):(\d{1,5})$/.exec(address);
  if (!hostPort || Number(hostPort[2]) < 1 || Number(hostPort[2]) > 65535) {
    throw new ConfigError(`Invalid node address ${JSON.stringify(address)}: use host:port, e.g. 10.0.1.1:9090.`);
  }
  const ttlSeconds = input.ttlSeconds ?? PARTICIPANT_DEFAULTS.ttlSeconds;
  if (!Number.isInteger(ttlSeconds) || ttlSeconds < 2) {
    throw new ConfigError(`Invalid ${names.ttl} ${ttlSeconds}: use a whole number of seconds, 2 or more (etcd's minimum lease TTL).`);
  }
  const heartbeatMs = input.heartbeatMs ?? Math.min(PARTICIPANT_DEFAULTS.heartbeatMs, Math.floor((ttlSeconds * 1000) / 4));
  if (!(heartbeatMs > 0) || heartbeatMs >= (ttlSeconds * 1000) / 3) {
    throw new ConfigError(`Invalid ${names.heartbeat} ${heartbeatMs / 1000}s: it must be above zero and under a third of the ${names.ttl} (${ttlSeconds}s).`);
  }
  const electionTimeoutMs = input.electionTimeoutMs ?? PARTICIPANT_DEFAULTS.electionTimeoutMs;
  if (!(electionTimeoutMs > 0)) {
    throw new ConfigError(`Invalid ${names.electionTimeout} ${electionTimeoutMs / 1000}s: it must be above zero.`);
  }
  return { nodeId, address, ttlSeconds, heartbeatMs, electionTimeoutMs };
}

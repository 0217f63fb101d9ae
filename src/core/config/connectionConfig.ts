import { ConfigError } from './configError';
import { MAX_TIMER_MS } from './duration';
import { Endpoint, parseEndpoints, splitEndpointList } from './endpoints';

/** A connection, fully resolved: what the client and the tree need. */
export interface ConnectionConfig {
  readonly endpoints: readonly Endpoint[];
  readonly dialTimeoutMs: number;
  /** Every request's deadline (etcdctl's --command-timeout); a paged read gets it per page. */
  readonly requestTimeoutMs: number;
  /** gRPC keepalive: ping after this long, drop the connection if no answer within the timeout. */
  readonly keepaliveTimeMs: number;
  readonly keepaliveTimeoutMs: number;
  readonly username?: string;
  /** Never logged or shown: see `describeConnection`. */
  readonly password?: string;
  readonly tls?: TlsFiles;
  /** Without a trailing slash, e.g. `/ztap`; '' when it is the root, "/". */
  readonly keyPrefix: string;
  /** Without a trailing slash, e.g. `/ztap/election`. */
  readonly electionKey: string;
  readonly sessionTtlSeconds: number;
  /** Where members serve /metrics when not on their client URLs (etcd's --listen-metrics-urls); empty: the client URLs. */
  readonly metricsUrls: readonly string[];
}

export interface TlsFiles {
  readonly caFile?: string;
  readonly certFile?: string;
  readonly keyFile?: string;
}

/**
 * What a front end (settings, CLI flags) explicitly set. `undefined` means unset,
 * so the guide's env vars and then its defaults apply.
 */
export interface ConnectionInput {
  endpoints?: readonly string[];
  dialTimeoutMs?: number;
  requestTimeoutMs?: number;
  keepaliveTimeMs?: number;
  keepaliveTimeoutMs?: number;
  username?: string;
  password?: string;
  tls?: TlsFiles;
  keyPrefix?: string;
  electionKey?: string;
  sessionTtlSeconds?: number;
  metricsUrls?: readonly string[];
}

/** The guide's defaults (docs/ztap-etcd-config.md, EtcdConfig). */
export const DEFAULTS = {
  endpoints: ['localhost:2379'],
  dialTimeoutMs: 5000,
  // etcdctl's --command-timeout, --keepalive-time and --keepalive-timeout.
  requestTimeoutMs: 5000,
  keepaliveTimeMs: 2000,
  keepaliveTimeoutMs: 6000,
  keyPrefix: '/ztap',
  sessionTtlSeconds: 60,
} as const;

export type Env = Readonly<Record<string, string | undefined>>;

/** Settings first, then ZTAP_ETCD_* env vars, then defaults. */
export function resolveConnection(input: ConnectionInput, env: Env = process.env): ConnectionConfig {
  const envEndpoints = nonEmpty(env.ZTAP_ETCD_ENDPOINTS);
  const rawEndpoints = input.endpoints ?? (envEndpoints ? splitEndpointList(envEndpoints) : [...DEFAULTS.endpoints]);
  const endpoints = parseEndpoints(rawEndpoints);
  const keyPrefix = normalisePrefix(input.keyPrefix ?? DEFAULTS.keyPrefix, 'key prefix');
  const electionKey = normalisePrefix(input.electionKey ?? `${keyPrefix}/election`, 'election key');
  const dialTimeoutMs = timerMs(input.dialTimeoutMs ?? DEFAULTS.dialTimeoutMs, 'dial timeout');
  const requestTimeoutMs = timerMs(input.requestTimeoutMs ?? DEFAULTS.requestTimeoutMs, 'request timeout');
  const keepaliveTimeMs = timerMs(input.keepaliveTimeMs ?? DEFAULTS.keepaliveTimeMs, 'keepalive time');
  const keepaliveTimeoutMs = timerMs(input.keepaliveTimeoutMs ?? DEFAULTS.keepaliveTimeoutMs, 'keepalive timeout');
  const sessionTtlSeconds = input.sessionTtlSeconds ?? DEFAULTS.sessionTtlSeconds;
  if (!Number.isInteger(sessionTtlSeconds) || sessionTtlSeconds < 1) {
    throw new ConfigError(`Invalid session TTL ${sessionTtlSeconds}: use a whole number of seconds, 1 or more.`);
  }
  const username = nonEmpty(input.username) ?? nonEmpty(env.ZTAP_ETCD_USERNAME);
  const password = input.password ?? nonEmpty(env.ZTAP_ETCD_PASSWORD);
  if (password !== undefined && username === undefined) {
    throw new ConfigError('A password is set but no username: set ztap.etcd.username, ZTAP_ETCD_USERNAME or --user.');
  }
  const tls = cleanTls(input.tls);
  if (tls && (tls.certFile === undefined) !== (tls.keyFile === undefined)) {
    throw new ConfigError('A client certificate needs both a certificate file and a key file: set both or neither.');
  }
  const metricsUrls = (input.metricsUrls ?? []).map(u => u.trim()).filter(Boolean);
  for (const url of metricsUrls) {
    if (!/^https?:\/\/[^/\s]+/.test(url)) {
      throw new ConfigError(`Invalid metrics URL "${url}": use http://host:port or https://host:port (etcd's --listen-metrics-urls).`);
    }
  }
  return {
    endpoints,
    dialTimeoutMs,
    requestTimeoutMs,
    keepaliveTimeMs,
    keepaliveTimeoutMs,
    username,
    password,
    tls,
    keyPrefix,
    electionKey,
    sessionTtlSeconds,
    metricsUrls,
  };
}

/** A copy safe for logs and messages: no password, ever. */
export function describeConnection(config: ConnectionConfig): string {
  const parts = [`[${config.endpoints.map(e => e.original).join(', ')}]`];
  if (config.username) {
    parts.push(`user ${config.username}`);
  }
  if (config.tls) {
    parts.push('TLS');
  }
  return parts.join(', ');
}

function timerMs(ms: number, what: string): number {
  if (!(ms > 0)) {
    throw new ConfigError(`Invalid ${what} ${ms} ms: it must be greater than zero.`);
  }
  if (ms > MAX_TIMER_MS) {
    throw new ConfigError(`Invalid ${what} ${ms} ms: the longest a timer can wait is 596h.`);
  }
  return ms;
}

function normalisePrefix(raw: string, what: string): string {
  const trimmed = raw.trim();
  if (!trimmed.startsWith('/')) {
    throw new ConfigError(`Invalid ${what} ${JSON.stringify(raw)}: it must start with "/", e.g. /ztap.`);
  }
  // "/" (or "//") is the keyspace's root: '' so that `${prefix}/` is "/", not "//".
  return trimmed.replace(/\/+$/, '');
}

function nonEmpty(value: string | undefined): string | undefined {
  return value !== undefined && value.trim() !== '' ? value : undefined;
}

function cleanTls(tls: TlsFiles | undefined): TlsFiles | undefined {
  if (!tls) {
    return undefined;
  }
  const out = { caFile: nonEmpty(tls.caFile), certFile: nonEmpty(tls.certFile), keyFile: nonEmpty(tls.keyFile) };
  return out.caFile || out.certFile || out.keyFile ? out : undefined;
}

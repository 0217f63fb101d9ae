import { failureKindOfError } from './etcd3Adapter';

/** The plain-words kinds of failure the UI and the CLI report. */
export type FailureKind =
  | 'connection refused'
  | 'timed out'
  | 'name not resolved'
  | 'TLS failure'
  | 'authentication failed'
  | 'permission denied'
  | 'configuration'
  | 'unavailable'
  | 'error';

/** An etcd failure in plain words; `message` never contains a password. */
export class EtcdFailure extends Error {
  constructor(
    readonly kind: FailureKind,
    message: string,
    readonly endpoint?: string,
  ) {
    super(message);
    this.name = 'EtcdFailure';
  }
}

interface Rule {
  kind: FailureKind;
  test: RegExp;
}

// Order matters: auth and TLS messages can also mention "unavailable".
const RULES: Rule[] = [
  { kind: 'authentication failed', test: /authentication failed|invalid user ID or password|user name is empty|auth.*not enabled/i },
  { kind: 'permission denied', test: /permission denied|PERMISSION_DENIED/i },
  { kind: 'TLS failure', test: /SSL|TLS|certificate|handshake|self.signed|wrong version number/i },
  { kind: 'name not resolved', test: /ENOTFOUND|EAI_AGAIN|Name resolution failed|getaddrinfo/i },
  { kind: 'connection refused', test: /ECONNREFUSED|connection refused/i },
  { kind: 'timed out', test: /DEADLINE_EXCEEDED|deadline exceeded|timed out|ETIMEDOUT|timeout/i },
  { kind: 'unavailable', test: /UNAVAILABLE|No connection established|ECONNRESET|EHOSTUNREACH|ENETUNREACH/i },
];

/**
 * The kind of a failure: from etcd3's error class or the gRPC status code first
 * (client/etcd3Adapter.ts); "unavailable" covers refused connections, unresolved
 * names and TLS failures alike, so for those, and for errors that carry neither, the
 * message says which.
 */
function kindOf(err: unknown, raw: string): FailureKind {
  const typed = failureKindOfError(err);
  if (typed === 'authentication failed' || typed === 'permission denied' || typed === 'timed out') {
    return typed;
  }
  return RULES.find(r => r.test.test(raw))?.kind ?? (typed === 'unavailable' ? 'unavailable' : 'error');
}

/** Maps any error from etcd3/grpc-js to an EtcdFailure with a readable reason. */
export function classifyError(err: unknown, endpoint?: string): EtcdFailure {
  if (err instanceof EtcdFailure) {
    return err;
  }
  const raw = err instanceof Error ? err.message : String(err);
  const kind = kindOf(err, raw);
  let detail = kind === 'TLS failure' ? tlsDetail(raw) : cleanDetail(raw);
  const httpStatus = /^Received HTTP status code (\d+)/.exec(detail);
  if (/^Failed to connect \(/.test(detail)) {
    // Closed before the HTTP/2 settings: what a TLS endpoint does to a plain-text client.
    detail = 'the endpoint closed the connection while it was being set up (is it a TLS endpoint given as http://?)';
  } else if (/^Connection dropped$/.test(detail)) {
    // An established connection: the member went away or stopped answering keepalive pings.
    detail = 'the connection was dropped (the member stopped, or stopped answering)';
  } else if (httpStatus) {
    // An HTTP/2 server that is not gRPC (grpc-js reports its status as UNIMPLEMENTED or UNAVAILABLE).
    detail = `the endpoint answered HTTP ${httpStatus[1]}, not gRPC (is it an etcd client URL?)`;
  } else if (/^Protocol error( \(|$)/.test(detail)) {
    detail = 'the endpoint does not speak gRPC over HTTP/2: is it an etcd client URL (not a peer, metrics or web address)?';
  }
  const where = endpoint ? `${endpoint}: ` : '';
  const message = kind === 'error' || kind === 'unavailable' ? `${where}${detail}` : `${where}${kind} (${detail})`;
  return new EtcdFailure(kind, message, endpoint);
}

/** OpenSSL's words, turned into what the user has to fix. */
function tlsDetail(raw: string): string {
  if (/alert (bad certificate|certificate required|handshake failure)|alert number (42|116)/i.test(raw)) {
    return 'client certificate required: the server asks for one; set the client certificate and key files (--cert/--key, ztap.etcd.tls.certFile/keyFile)';
  }
  if (/unable to verify the first certificate|unable to get local issuer|self.signed certificate|certificate signed by unknown authority/i.test(raw)) {
    return 'certificate signed by unknown authority: the server certificate is not signed by the CA file given (--cacert, ztap.etcd.tls.caFile)';
  }
  if (/Hostname\/IP does not match|altnames/i.test(raw)) {
    return "the server certificate does not name this host: use the host name in the certificate's subject alternative names";
  }
  if (/wrong version number|packet length too long|http_request|socket disconnected before secure TLS connection|reset during the TLS handshake/i.test(raw)) {
    return 'TLS handshake failed: the endpoint does not speak TLS (use http://) or speaks it on another port';
  }
  return cleanDetail(raw);
}

/** grpc-js messages repeat the status code and nest "Last error"; keep the useful part. */
function cleanDetail(raw: string): string {
  const last = /Last error: (.*)$/s.exec(raw);
  let text = (last ? last[1] : raw)
    .replace(/^\d+ [A-Z_]+: /, '')
    .replace(/\.?\s*Resolution note:.*$/s, '')
    .replace(/^Error: /, '')
    .trim();
  if (text === '' || text === 'null') {
    text = 'no connection established';
  }
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}

/** Rejects with a "timed out" failure when `work` takes longer than `ms`. */
export async function withTimeout<T>(work: Promise<T>, ms: number, what: string, endpoint?: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new EtcdFailure('timed out', `${endpoint ? `${endpoint}: ` : ''}timed out after ${ms} ms (${what})`, endpoint)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * What a denied request asked for: to read or write a key, or every key under a
 * prefix (`prefix`); something etcd allows only to the root role (`rootOnly`:
 * defragmentation, snapshots, compaction on 3.5+), where no key grant helps; or
 * something else named in words (`subject`).
 */
export type DeniedRequest = { op: 'read' | 'write'; key: string; prefix?: boolean } | { rootOnly: string } | { subject: string };

/** A "permission denied" that says which user was refused what, so the grant that is missing can be found. */
export class PermissionDenied extends EtcdFailure {
  constructor(
    readonly request: DeniedRequest,
    readonly user: string | undefined,
  ) {
    super('permission denied', deniedMessage(request, user));
    this.name = 'PermissionDenied';
  }
}

function deniedMessage(request: DeniedRequest, user: string | undefined): string {
  const who = user ? `user "${user}"` : "the connection's user";
  if ('op' in request) {
    const what = request.prefix ? `the keys under ${request.key}` : request.key;
    return `permission denied: ${who} may not ${request.op} ${what} (none of its roles allows it)`;
  }
  if ('rootOnly' in request) {
    return `permission denied on ${request.rootOnly}: etcd allows it only to a user with the root role`;
  }
  return `permission denied on ${request.subject}: ${who}'s roles do not allow it`;
}

/**
 * A "permission denied" from etcd turned into one that names the user and what was
 * refused (a string: a subject in words); any other error is returned as it is.
 */
export function deniedOn(err: unknown, request: DeniedRequest | string, user?: string): unknown {
  if (err instanceof PermissionDenied || classifyError(err).kind !== 'permission denied') {
    return err;
  }
  return new PermissionDenied(typeof request === 'string' ? { subject: request } : request, user);
}

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

/** Maps any error from etcd3/grpc-js to an EtcdFailure with a readable reason. */
export function classifyError(err: unknown, endpoint?: string): EtcdFailure {
  if (err instanceof EtcdFailure) {
    return err;
  }
  const raw = err instanceof Error ? err.message : String(err);
  const rule = RULES.find(r => r.test.test(raw));
  const kind = rule?.kind ?? 'error';
  const detail = cleanDetail(raw);
  const where = endpoint ? `${endpoint}: ` : '';
  const message = kind === 'error' || kind === 'unavailable' ? `${where}${detail}` : `${where}${kind} (${detail})`;
  return new EtcdFailure(kind, message, endpoint);
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
    timer = setTimeout(
      () => reject(new EtcdFailure('timed out', `${endpoint ? `${endpoint}: ` : ''}timed out after ${ms} ms (${what})`, endpoint)),
      ms,
    );
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** A "permission denied" that names what was refused, so the user knows which grant is missing. */
export function deniedOn(err: unknown, subject: string): unknown {
  const failure = classifyError(err);
  if (failure.kind !== 'permission denied') {
    return err;
  }
  return new EtcdFailure(
    'permission denied',
    `permission denied on ${subject}: this etcd user's roles do not allow it (see etcdctl user get <user> and etcdctl role get <role>)`,
  );
}

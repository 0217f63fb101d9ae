import type { Etcd3 } from 'etcd3';

/**
 * etcd3 renews its token for unary calls that fail with "invalid auth token", but a
 * stream keeps the token it started with (pitfalls doc), and a stream opened after
 * the token expired (etcd's simple tokens live 5 minutes, and die with a restart)
 * fails the same way. Streams call this on that error so the next attempt logs in again.
 */
export function renewTokenAfter(etcd: Etcd3, err: unknown): boolean {
  const message = err instanceof Error ? err.message : String(err);
  if (!/invalid auth token|auth token is expired|ErrInvalidAuthToken/i.test(message)) {
    return false;
  }
  const pool = (etcd as unknown as { pool?: { authenticator?: { invalidateMetadata(): void } } }).pool;
  pool?.authenticator?.invalidateMetadata();
  return true;
}

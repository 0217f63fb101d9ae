import type { Etcd3 } from 'etcd3';
import { failureKindOfError, invalidateAuthToken } from './etcd3Adapter';

/**
 * etcd3 renews its token for unary calls that fail with "invalid auth token", but a
 * stream keeps the token it started with (docs/etcd-client-pitfalls.md), and a stream opened after
 * the token expired (etcd's simple tokens live 5 minutes, and die with a restart)
 * fails the same way. Streams call this on that error so the next attempt logs in again.
 */
export function renewTokenAfter(etcd: Etcd3, err: unknown): boolean {
  const message = err instanceof Error ? err.message : String(err);
  // A stream's error may arrive uncast (a plain grpc-js error): then its message tells.
  if (failureKindOfError(err) !== 'invalid token' && !/invalid auth token|auth token is expired|ErrInvalidAuthToken/i.test(message)) {
    return false;
  }
  invalidateAuthToken(etcd);
  return true;
}

import * as assert from 'assert';
import { readFileSync } from 'fs';
import { join } from 'path';
import { castGrpcError, Etcd3 } from 'etcd3';
import { classifyError } from '../../src/core/client/errors';
import { ETCD3_VERSION_WRITTEN_FOR, Etcd3ShapeError, failureKindOfError, isCompactedError, poolOf } from '../../src/core/client/etcd3Adapter';

const REPO = join(__dirname, '..', '..', '..');

/** A grpc-js error as it arrives from a call: a plain Error with the status code. */
function grpcError(code: number, message: string): Error {
  return castGrpcError(Object.assign(new Error(message), { code }));
}

describe('the etcd3 adapter (every reach into etcd3 internals)', () => {
  it('is installed in the exact version the adapter was written for, as package.json pins it', () => {
    const installed = JSON.parse(readFileSync(require.resolve('etcd3/package.json'), 'utf8')) as { version: string };
    const pinned = (JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { dependencies: Record<string, string> }).dependencies.etcd3;
    assert.strictEqual(installed.version, ETCD3_VERSION_WRITTEN_FOR);
    assert.strictEqual(pinned, ETCD3_VERSION_WRITTEN_FOR);
  });

  it("finds etcd3's connection pool with the hosts, service clients and authenticator the request policy drives", () => {
    const etcd = new Etcd3({ hosts: ['http://127.0.0.1:1', 'http://127.0.0.1:2'] });
    try {
      const pool = poolOf(etcd);
      assert.deepStrictEqual(
        pool.hosts.map(h => h.host),
        ['127.0.0.1:1', '127.0.0.1:2'],
      );
      const kv = pool.hosts[0].getServiceClient('KV');
      for (const method of ['range', 'put', 'txn', 'makeUnaryRequest', 'makeServerStreamRequest'] as const) {
        assert.strictEqual(typeof kv[method], 'function', `KV client has no ${method}`);
      }
      assert.strictEqual(typeof pool.hosts[0].getServiceClient('Maintenance').makeServerStreamRequest, 'function');
    } finally {
      etcd.close();
    }
  });

  it('fails loudly, naming the missing part, when etcd3 has another shape', () => {
    const withPool = (pool: unknown) => ({ pool }) as unknown as Etcd3;
    assert.throws(
      () => poolOf(withPool(undefined)),
      (e: Error) => e instanceof Etcd3ShapeError && /no Etcd3\.pool/.test(e.message),
    );
    const host = { host: 'h', getServiceClient: () => ({}), resetAllServices: () => undefined };
    const fn = () => undefined;
    assert.throws(
      () => poolOf(withPool({ hosts: [host], exec: fn, withConnection: fn })),
      (e: Error) => e instanceof Etcd3ShapeError && /ConnectionPool\.markFailed\(\)/.test(e.message) && /etcd3 1\.1\.2/.test(e.message),
    );
    assert.throws(
      () => poolOf(withPool({ hosts: [host], exec: fn, withConnection: fn, markFailed: fn })),
      (e: Error) => e instanceof Etcd3ShapeError && /authenticator/.test(e.message),
    );
  });

  it("classifies by etcd3's error classes and gRPC status codes before any message text", () => {
    assert.strictEqual(failureKindOfError(grpcError(7, '7 PERMISSION_DENIED: etcdserver: permission denied')), 'permission denied');
    assert.strictEqual(
      failureKindOfError(grpcError(3, '3 INVALID_ARGUMENT: etcdserver: authentication failed, invalid user ID or password')),
      'authentication failed',
    );
    assert.strictEqual(failureKindOfError(grpcError(3, '3 INVALID_ARGUMENT: etcdserver: invalid auth token')), 'invalid token');
    assert.strictEqual(failureKindOfError(grpcError(4, '4 DEADLINE_EXCEEDED: Deadline exceeded')), 'timed out');
    assert.strictEqual(failureKindOfError(grpcError(14, '14 UNAVAILABLE: whatever')), 'unavailable');
    assert.strictEqual(failureKindOfError(new Error('no code at all')), undefined);
    // The code decides where the words would mislead: a deadline whose message mentions a certificate.
    assert.strictEqual(classifyError(grpcError(4, '4 DEADLINE_EXCEEDED: waiting for certificate')).kind, 'timed out');
    // "Unavailable" is told apart by its words: refused, or plainly unavailable.
    assert.strictEqual(classifyError(grpcError(14, '14 UNAVAILABLE: connect ECONNREFUSED 127.0.0.1:1')).kind, 'connection refused');
    assert.strictEqual(classifyError(grpcError(14, '14 UNAVAILABLE: the member went away')).kind, 'unavailable');
  });

  it("tells etcd's compacted revision from its future revision (both OUT_OF_RANGE)", () => {
    assert.ok(isCompactedError(grpcError(11, '11 OUT_OF_RANGE: etcdserver: mvcc: required revision has been compacted')));
    assert.ok(!isCompactedError(grpcError(11, '11 OUT_OF_RANGE: etcdserver: mvcc: required revision is a future revision')));
    assert.ok(!isCompactedError(grpcError(2, '2 UNKNOWN: required revision has been compacted')));
  });
});

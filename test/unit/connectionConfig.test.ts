import * as assert from 'assert';
import { describeConnection, resolveConnection } from '../../src/core/config/connectionConfig';
import { parseDuration } from '../../src/core/config/duration';

describe('connection configuration', () => {
  it('uses the guide defaults when nothing is set', () => {
    const c = resolveConnection({}, {});
    assert.deepStrictEqual(
      c.endpoints.map(e => e.original),
      ['localhost:2379'],
    );
    assert.strictEqual(c.dialTimeoutMs, 5000);
    assert.strictEqual(c.keyPrefix, '/ztap');
    assert.strictEqual(c.electionKey, '/ztap/election');
    assert.strictEqual(c.sessionTtlSeconds, 60);
    assert.strictEqual(c.username, undefined);
    assert.strictEqual(c.tls, undefined);
  });

  it('falls back to the ZTAP_ETCD_* env vars for unset settings', () => {
    const env = { ZTAP_ETCD_ENDPOINTS: 'etcd1:2379, etcd2:2379', ZTAP_ETCD_USERNAME: 'ztap', ZTAP_ETCD_PASSWORD: 'pw' };
    const c = resolveConnection({}, env);
    assert.deepStrictEqual(
      c.endpoints.map(e => e.url),
      ['http://etcd1:2379', 'http://etcd2:2379'],
    );
    assert.strictEqual(c.username, 'ztap');
    assert.strictEqual(c.password, 'pw');
  });

  it('prefers explicit settings over env vars', () => {
    const env = { ZTAP_ETCD_ENDPOINTS: 'etcd1:2379', ZTAP_ETCD_USERNAME: 'ztap' };
    const c = resolveConnection({ endpoints: ['127.0.0.1:2379'], username: 'other' }, env);
    assert.deepStrictEqual(
      c.endpoints.map(e => e.original),
      ['127.0.0.1:2379'],
    );
    assert.strictEqual(c.username, 'other');
  });

  it('derives the election key from the key prefix', () => {
    const c = resolveConnection({ keyPrefix: '/team/' }, {});
    assert.strictEqual(c.keyPrefix, '/team');
    assert.strictEqual(c.electionKey, '/team/election');
    assert.strictEqual(resolveConnection({ electionKey: '/x/elect' }, {}).electionKey, '/x/elect');
  });

  it('rejects bad values with a message', () => {
    assert.throws(() => resolveConnection({ keyPrefix: 'ztap' }, {}), /must start with "\/"/);
    assert.throws(() => resolveConnection({ sessionTtlSeconds: 0 }, {}), /session TTL/);
    assert.throws(() => resolveConnection({ dialTimeoutMs: 0 }, {}), /dial timeout/);
    assert.throws(() => resolveConnection({ password: 'pw' }, {}), /no username/);
    assert.throws(() => resolveConnection({ tls: { certFile: '/c.pem' } }, {}), /both a certificate file and a key file/);
    assert.throws(() => resolveConnection({ endpoints: ['nope'] }, {}), /"nope"/);
  });

  it('never puts the password in the description used for logs', () => {
    const c = resolveConnection({ endpoints: ['127.0.0.1:2379'], username: 'ztap', password: 's3cret-pw' }, {});
    assert.ok(!describeConnection(c).includes('s3cret-pw'));
    assert.match(describeConnection(c), /user ztap/);
  });

  it('parses Go-style durations', () => {
    assert.strictEqual(parseDuration('5s', 'x'), 5000);
    assert.strictEqual(parseDuration('500ms', 'x'), 500);
    assert.strictEqual(parseDuration('1m30s', 'x'), 90_000);
    assert.strictEqual(parseDuration('2', 'x'), 2000);
    assert.throws(() => parseDuration('5 parsecs', 'dial timeout'), /Invalid dial timeout "5 parsecs"/);
    assert.throws(() => parseDuration('0s', 'x'), /greater than zero/);
  });
});

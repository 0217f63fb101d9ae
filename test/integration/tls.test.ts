import * as assert from 'assert';
import { ChildProcess, spawn } from 'child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { freePort } from '../../src/core/local/freePort';
import { killAndWait } from '../../src/core/local/killAndWait';
import { killOnExit } from '../../src/core/local/etcdProcess';
import { snapshotStatus } from '../../src/core/snapshot/snapshotStatus';
import { eventually } from '../support/eventually';
import { parseJson, runCli } from '../support/runCli';
import { makeTlsFiles, TlsFixture } from '../support/tlsFiles';

describe('TLS with client certificates (real etcd, certificates made by openssl)', function () {
  this.timeout(60_000);
  let dir: string;
  let tls: TlsFixture;
  let etcd: ChildProcess;
  let url: string;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ztap-tls-'));
    tls = makeTlsFiles(dir);
    url = `https://127.0.0.1:${await freePort()}`;
    const peer = `http://127.0.0.1:${await freePort()}`;
    etcd = spawn(
      'etcd',
      [
        '--name',
        'tls1',
        '--data-dir',
        join(dir, 'data'),
        '--listen-client-urls',
        url,
        '--advertise-client-urls',
        url,
        '--listen-peer-urls',
        peer,
        '--initial-advertise-peer-urls',
        peer,
        '--initial-cluster',
        `tls1=${peer}`,
        '--cert-file',
        tls.serverCert,
        '--key-file',
        tls.serverKey,
        '--trusted-ca-file',
        tls.ca,
        '--client-cert-auth',
      ],
      { stdio: 'ignore' },
    );
    killOnExit(etcd);
    await eventually(async () => (await withCerts(['members', '--json'])).code === 0 || undefined, 30_000, 'the TLS member to serve');
  });
  after(async () => {
    await killAndWait(etcd);
    rmSync(dir, { recursive: true, force: true });
  });

  const withCerts = (args: string[]) =>
    runCli([...args, '--endpoints', url, '--cacert', tls.ca, '--cert', tls.clientCert, '--key', tls.clientKey, '--dial-timeout', '2s']);

  it('connects with the CA, client certificate and key files', async () => {
    const run = await withCerts(['members', '--json']);
    assert.strictEqual(run.code, 0, run.stderr);
    const { members } = parseJson(run);
    assert.deepStrictEqual(members[0].clientURLs, [url]);
    assert.strictEqual(members[0].health.ok, true);
    const test = await withCerts(['test']);
    assert.match(test.stdout, /Connection successful!/);
    assert.ok(!/DeprecationWarning/.test(test.stderr), test.stderr);
  });

  it('without a client certificate: "client certificate required", exit 1', async () => {
    const run = await runCli(['ls', '--endpoints', url, '--cacert', tls.ca, '--dial-timeout', '2s']);
    assert.strictEqual(run.code, 1);
    assert.match(run.stderr, /TLS failure \(client certificate required/);
  });

  // snapshot save has its own grpc-js channel (snapshotRpc.ts): the same TLS choices hold there.
  it('snapshot save over TLS: verified with the certificates, "client certificate required" without', async () => {
    const file = join(dir, 'tls.db');
    const run = await withCerts(['snapshot', 'save', file]);
    assert.strictEqual(run.code, 0, run.stderr);
    assert.strictEqual((await snapshotStatus(file)).checksumOk, true);
    const without = await runCli(['snapshot', 'save', join(dir, 'no-cert.db'), '--endpoints', url, '--cacert', tls.ca, '--dial-timeout', '2s']);
    assert.strictEqual(without.code, 1);
    assert.match(without.stderr, /TLS failure \(client certificate required/);
    assert.ok(!existsSync(join(dir, 'no-cert.db')) && !existsSync(join(dir, 'no-cert.db.part')));
  });

  it('with a CA that did not sign the server: "certificate signed by unknown authority", exit 1', async () => {
    const run = await runCli(['ls', '--endpoints', url, '--cacert', tls.otherCa, '--cert', tls.clientCert, '--key', tls.clientKey, '--dial-timeout', '2s']);
    assert.strictEqual(run.code, 1);
    assert.match(run.stderr, /TLS failure \(certificate signed by unknown authority/);
  });

  it('a missing, wrong or mismatched file is named before connecting, exit 2', async () => {
    const missing = await runCli(['ls', '--endpoints', url, '--cacert', join(dir, 'nope.crt')]);
    assert.strictEqual(missing.code, 2);
    assert.match(missing.stderr, new RegExp(`The TLS CA file ${join(dir, 'nope.crt').replace(/[.\\/]/g, '\\$&')} does not exist`));
    const garbage = join(dir, 'garbage.pem');
    writeFileSync(garbage, 'not a certificate\n');
    const wrongCa = await runCli(['ls', '--endpoints', url, '--cacert', garbage]);
    assert.strictEqual(wrongCa.code, 2);
    assert.match(wrongCa.stderr, /The TLS CA file .*garbage\.pem is not a PEM certificate/);
    const wrongKey = await runCli(['ls', '--endpoints', url, '--cacert', tls.ca, '--cert', tls.clientCert, '--key', tls.serverKey]);
    assert.strictEqual(wrongKey.code, 2);
    assert.match(wrongKey.stderr, /does not belong to the client certificate/);
    const halfPair = await runCli(['ls', '--endpoints', url, '--cacert', tls.ca, '--cert', tls.clientCert]);
    assert.strictEqual(halfPair.code, 2);
    assert.match(halfPair.stderr, /both a certificate file and a key file/);
  });
});

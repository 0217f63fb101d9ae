import * as assert from 'assert';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { etcdInstallHint, findEtcdBinary } from '../../src/core/local/findEtcd';

describe('finding the etcd binary for the local etcd', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'ztap-find-'));
    writeFileSync(join(dir, 'etcd'), '#!/bin/sh\n');
    chmodSync(join(dir, 'etcd'), 0o755);
    writeFileSync(join(dir, 'not-exec'), '');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('uses the configured path when it is an executable file', () => {
    assert.strictEqual(findEtcdBinary(join(dir, 'etcd'), ''), join(dir, 'etcd'));
    assert.strictEqual(findEtcdBinary(join(dir, 'not-exec'), dir), undefined);
    assert.strictEqual(findEtcdBinary('/nonexistent/etcd', dir), undefined, 'a bad setting is not silently replaced by PATH');
  });

  it('otherwise searches PATH', () => {
    assert.strictEqual(findEtcdBinary(undefined, `/nonexistent:${dir}`), join(dir, 'etcd'));
    assert.strictEqual(findEtcdBinary('', '/nonexistent'), undefined);
  });

  it('gives install hints per OS, naming a bad configured path', () => {
    assert.match(etcdInstallHint(undefined, 'linux'), /No etcd binary was found on PATH.*apt-get install etcd-server/);
    assert.match(etcdInstallHint(undefined, 'darwin'), /brew install etcd/);
    assert.match(etcdInstallHint(undefined, 'win32'), /ztap\.localEtcd\.path to etcd\.exe/);
    assert.match(etcdInstallHint('/opt/etcd', 'linux'), /\/opt\/etcd\) does not exist or is not executable/);
  });
});

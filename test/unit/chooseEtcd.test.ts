import * as assert from 'assert';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { chooseEtcd, findEtcdReleases } from '../../src/core/local/etcdReleases';

/** An `etcd` that says it is `version`, as `etcd --version` does. */
function fakeEtcd(dir: string, version: string): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, 'etcd');
  writeFileSync(path, `#!/bin/sh\necho "etcd Version: ${version}"\necho "Git SHA: test"\n`);
  chmodSync(path, 0o755);
  return path;
}

describe('which etcd Start Local etcd runs', () => {
  let root: string;
  beforeEach(() => (root = mkdtempSync(join(tmpdir(), 'ztap-choose-'))));
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('finds the etcd on PATH and every release built into the cache, oldest first, each once', () => {
    const onPath = fakeEtcd(join(root, 'bin'), '3.4.23');
    const cache = join(root, 'cache');
    fakeEtcd(join(cache, 'etcd-3.10.1'), '3.10.1');
    fakeEtcd(join(cache, 'etcd-3.6.17'), '3.6.17');
    fakeEtcd(join(cache, 'etcd-3.4.23'), '3.4.23');
    mkdirSync(join(cache, 'etcd-3.5.0'));
    mkdirSync(join(cache, '.building-etcd-3.7.4-x'));
    assert.deepStrictEqual(
      findEtcdReleases(join(root, 'bin'), cache).map(r => [r.version, r.etcdPath]),
      [
        ['3.4.23', onPath],
        ['3.6.17', join(cache, 'etcd-3.6.17', 'etcd')],
        ['3.10.1', join(cache, 'etcd-3.10.1', 'etcd')],
      ],
    );
  });

  it('runs the newest, or ztap.localEtcd.path when set (and nothing when that does not run)', () => {
    fakeEtcd(join(root, 'bin'), '3.4.23');
    const cache = join(root, 'cache');
    fakeEtcd(join(cache, 'etcd-3.7.4'), '3.7.4');
    assert.strictEqual(chooseEtcd(undefined, join(root, 'bin'), cache)?.version, '3.7.4');
    const configured = fakeEtcd(join(root, 'mine'), '3.5.36');
    assert.deepStrictEqual(chooseEtcd(configured, join(root, 'bin'), cache), { version: '3.5.36', etcdPath: configured });
    assert.strictEqual(chooseEtcd(join(root, 'missing', 'etcd'), join(root, 'bin'), cache), undefined);
    assert.strictEqual(chooseEtcd(undefined, join(root, 'empty'), join(root, 'no-cache')), undefined);
  });
});

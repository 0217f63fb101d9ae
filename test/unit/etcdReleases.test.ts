import * as assert from 'assert';
import { spawnSync } from 'child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { delimiter, dirname, join } from 'path';

const SCRIPT = join(__dirname, '..', '..', '..', 'scripts', 'etcdReleases.js');

/** `npm run etcd-releases` with an empty cache folder and the given PATH and environment. */
function etcdReleases(path: string, env: NodeJS.ProcessEnv = {}) {
  const cache = mkdtempSync(join(tmpdir(), 'ztap-releases-'));
  try {
    const run = spawnSync(process.execPath, [SCRIPT], {
      env: { HOME: process.env.HOME, PATH: path, XDG_CACHE_HOME: cache, ...env },
      encoding: 'utf8',
      timeout: 120_000,
    });
    return { code: run.status, stdout: run.stdout, stderr: run.stderr };
  } finally {
    rmSync(cache, { recursive: true, force: true });
  }
}

describe('npm run etcd-releases when it cannot build', function () {
  this.timeout(150_000);
  // Debian's etcd (3.4.23) stays listed in every case; no Go here.
  const withoutGo = [dirname(process.execPath), '/usr/bin', '/bin'].join(delimiter);

  it('without Go: one line naming Go and the releases not built, and the releases it has', () => {
    const run = etcdReleases(withoutGo);
    assert.strictEqual(run.code, 0, run.stderr);
    assert.match(run.stdout, /^3\.4\.\d+ \/usr\/bin\n$/);
    assert.deepStrictEqual(run.stderr.trim().split('\n'), [
      'Go is not installed (no `go` on PATH): etcd 3.5.36, 3.6.17, 3.7.4 not built; install Go 1.26 or newer (go.dev/dl) to build them',
    ]);
  });

  it('with a Go too old: names its version and the one needed', () => {
    const bin = mkdtempSync(join(tmpdir(), 'ztap-old-go-'));
    try {
      writeFileSync(join(bin, 'go'), '#!/bin/sh\necho "go version go1.21.5 linux/amd64"\n');
      chmodSync(join(bin, 'go'), 0o755);
      const run = etcdReleases(`${bin}${delimiter}${withoutGo}`);
      assert.strictEqual(run.code, 0, run.stderr);
      assert.match(run.stderr, /^Go 1\.21\.5 is older than the Go 1\.26\.0 that etcd 3\.5\.36 needs: etcd 3\.5\.36, 3\.6\.17, 3\.7\.4 not built/);
    } finally {
      rmSync(bin, { recursive: true, force: true });
    }
  });

  it("with no module proxy: says go could not download etcd's modules, and builds nothing", function () {
    const go = spawnSync('sh', ['-c', 'command -v go'], { encoding: 'utf8' }).stdout.trim();
    if (!go) {
      this.skip();
    }
    const gopath = mkdtempSync(join(tmpdir(), 'ztap-gopath-'));
    try {
      const run = etcdReleases(`${dirname(go)}${delimiter}${withoutGo}`, {
        GOPROXY: 'off',
        GOPATH: gopath,
        GOMODCACHE: join(gopath, 'mod'),
        GOCACHE: join(gopath, 'cache'),
        GOFLAGS: '',
      });
      assert.strictEqual(run.code, 0, run.stderr);
      assert.match(run.stdout, /^3\.4\.\d+ \/usr\/bin\n$/);
      for (const version of ['3.5.36', '3.6.17', '3.7.4']) {
        assert.match(
          run.stderr,
          new RegExp(`go could not download etcd's modules from its module proxy \\(off\\).*etcd [\\d., ]*${version.replace(/\./g, '\\.')}`),
        );
      }
    } finally {
      spawnSync('chmod', ['-R', 'u+w', gopath]);
      rmSync(gopath, { recursive: true, force: true });
    }
  });
});

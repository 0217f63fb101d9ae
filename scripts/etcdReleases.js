#!/usr/bin/env node
// `npm run etcd-releases [-- --json] [-- --no-build]`: the etcd releases this machine has
// for the tests, the demo and the bench, one line each, newest last:
//   <version> <folder holding etcd, etcdctl and etcdutl>
// 3.4.23 is Debian's (/usr/bin, from apt-get). The newest patch of 3.5, 3.6 and 3.7 is
// built from etcd's own Go modules by one small module per release line
// (scripts/etcd-releases/v3.N: go.mod pins the version, go.sum the modules), into
// ~/.cache/ztap-etcd-explorer/etcd-<version>/, once: a folder is rebuilt only when its pin
// changes. Go fetches modules from its module proxy only; nothing else is downloaded.
const { spawnSync } = require('child_process');
const { createHash } = require('crypto');
const { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } = require('fs');
const { homedir } = require('os');
const path = require('path');

const modulesRoot = path.join(__dirname, 'etcd-releases');
const COMMANDS = ['etcd', 'etcdctl', 'etcdutl'];
/** Written last into a built folder: the hash of the module that built it. */
const STAMP = '.built-from';

function cacheRoot() {
  return path.join(process.env.XDG_CACHE_HOME || path.join(homedir(), '.cache'), 'ztap-etcd-explorer');
}

/** The release lines pinned in scripts/etcd-releases: `{ line, version, goVersion, moduleDir }`. */
function pinnedReleases() {
  return readdirSync(modulesRoot)
    .filter(name => /^v\d+\.\d+$/.test(name))
    .map(name => {
      const moduleDir = path.join(modulesRoot, name);
      const goMod = readFileSync(path.join(moduleDir, 'go.mod'), 'utf8');
      const version = /go\.etcd\.io\/etcd\/server\/v3 v(\S+)/.exec(goMod)?.[1];
      const goVersion = /^go (\S+)$/m.exec(goMod)?.[1];
      if (!version || !goVersion) {
        throw new Error(`${path.join(moduleDir, 'go.mod')} pins no etcd server version or no go version`);
      }
      return { line: name.slice(1), version, goVersion, moduleDir };
    });
}

/** Compares dotted versions numerically ("3.10.0" after "3.9.9"). */
function compareVersions(a, b) {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) {
      return d;
    }
  }
  return 0;
}

/** The version `etcd --version` prints in `folder`, or undefined when there is none there. */
function etcdVersionIn(folder) {
  const result = spawnSync(path.join(folder, 'etcd'), ['--version'], { encoding: 'utf8', timeout: 10_000 });
  return result.status === 0 ? /etcd Version: (\S+)/.exec(result.stdout)?.[1] : undefined;
}

/** The etcd on PATH (Debian's etcd-server: 3.4.23 on bookworm), when it has etcdctl beside it. */
function systemRelease() {
  const found = spawnSync('sh', ['-c', 'command -v etcd'], { encoding: 'utf8' });
  if (found.status !== 0) {
    return undefined;
  }
  const dir = path.dirname(found.stdout.trim());
  const version = etcdVersionIn(dir);
  return version && existsSync(path.join(dir, 'etcdctl')) ? { version, dir } : undefined;
}

function moduleHash(moduleDir) {
  const hash = createHash('sha256');
  for (const file of ['go.mod', 'go.sum']) {
    hash.update(readFileSync(path.join(moduleDir, file)));
  }
  return hash.digest('hex');
}

function releaseFolder(release) {
  return path.join(cacheRoot(), `etcd-${release.version}`);
}

/** A folder built from exactly this pin, with all three commands. */
function isBuilt(release) {
  const dir = releaseFolder(release);
  try {
    return readFileSync(path.join(dir, STAMP), 'utf8').trim() === moduleHash(release.moduleDir) && COMMANDS.every(c => existsSync(path.join(dir, c)));
  } catch {
    return false;
  }
}

/** `go version`'s version ("1.26.8"), or an Error saying why there is none. */
function goVersion() {
  const result = spawnSync('go', ['version'], { encoding: 'utf8' });
  if (result.error || result.status !== 0) {
    return new Error('Go is not installed (no `go` on PATH)');
  }
  const version = /go version go(\d+(?:\.\d+)*)/.exec(result.stdout)?.[1];
  return version ?? new Error(`cannot read the version of Go from "${result.stdout.trim()}"`);
}

/** Why this machine's Go cannot build `release`, or undefined when it can. */
function goProblem(release) {
  const go = goVersion();
  if (go instanceof Error) {
    return go.message;
  }
  return compareVersions(go, release.goVersion) < 0 ? `Go ${go} is older than the Go ${release.goVersion} that etcd ${release.version} needs` : undefined;
}

/**
 * Builds etcd, etcdctl and etcdutl of one pinned release into a temporary folder beside
 * its final place, then renames it into place: a failed or interrupted build leaves
 * nothing behind that looks built.
 */
function buildRelease(release, log) {
  mkdirSync(cacheRoot(), { recursive: true });
  const work = mkdtempSync(path.join(cacheRoot(), `.building-etcd-${release.version}-`));
  const env = { ...process.env, CGO_ENABLED: '0', GOTOOLCHAIN: 'local', GOWORK: 'off', GOFLAGS: '-mod=readonly -trimpath' };
  try {
    COMMANDS.forEach((command, i) => {
      const started = Date.now();
      log(`  etcd ${release.version}: building ${command} (${i + 1}/${COMMANDS.length}) from go.etcd.io/etcd/${command === 'etcd' ? 'server' : command}/v3...`);
      const result = spawnSync('go', ['build', '-o', path.join(work, command), `go.etcd.io/etcd/${command === 'etcd' ? 'server' : command}/v3`], {
        cwd: release.moduleDir,
        env,
        encoding: 'utf8',
        maxBuffer: 64 * 1024 * 1024,
      });
      if (result.status !== 0) {
        const output = `${result.stderr ?? ''}${result.error?.message ?? ''}`.trim().split('\n');
        const proxy = output.some(l => /dial tcp|proxy|i\/o timeout|no such host|403|404|410/i.test(l));
        const last = output.slice(-3).join(' | ');
        throw new Error(
          proxy
            ? `go could not download etcd's modules from its module proxy (${process.env.GOPROXY || 'GOPROXY unset'}): ${last}`
            : `go build of ${command} failed: ${last}`,
        );
      }
      log(`  etcd ${release.version}: ${command} built in ${((Date.now() - started) / 1000).toFixed(0)} s`);
    });
    writeFileSync(path.join(work, STAMP), `${moduleHash(release.moduleDir)}\n`);
    const target = releaseFolder(release);
    rmSync(target, { recursive: true, force: true });
    renameSync(work, target);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/**
 * The releases this machine has, newest last, building the pinned ones that are missing
 * when `build` is set. `skipped` names each pinned release it could not build and why.
 */
function ensureReleases({ build = true, log = line => console.error(line) } = {}) {
  const releases = [];
  const skipped = [];
  const system = systemRelease();
  if (system) {
    releases.push(system);
  }
  let noGo;
  for (const release of pinnedReleases()) {
    if (releases.some(r => r.version === release.version)) {
      continue;
    }
    if (!isBuilt(release) && build) {
      noGo ??= goProblem(release);
      if (noGo) {
        skipped.push({ version: release.version, reason: noGo });
        continue;
      }
      log(`Building etcd ${release.version} from its Go modules into ${releaseFolder(release)} (once; a few minutes)...`);
      try {
        buildRelease(release, log);
      } catch (err) {
        skipped.push({ version: release.version, reason: err.message });
        continue;
      }
    }
    if (isBuilt(release)) {
      releases.push({ version: release.version, dir: releaseFolder(release) });
    } else if (!skipped.some(s => s.version === release.version)) {
      skipped.push({ version: release.version, reason: noGo ?? 'not built (run npm run etcd-releases)' });
    }
  }
  releases.sort((a, b) => compareVersions(a.version, b.version));
  return { releases, skipped, expected: pinnedReleases().length + 1 };
}

/** The release whose version starts with `line` ("3.4", "3.6.17"), or the newest when none is asked for. */
function pickRelease(releases, line) {
  if (!line) {
    return releases[releases.length - 1];
  }
  const matching = releases.filter(r => r.version === line || r.version.startsWith(`${line}.`));
  return matching[matching.length - 1];
}

/**
 * The environment of a process that runs against `release`: its etcd, etcdctl and etcdutl
 * first on PATH, and ZTAP_ETCD_RELEASE naming it (test/support/release.ts reads it).
 */
function releaseEnv(release, env = process.env) {
  return release ? { ...env, PATH: `${release.dir}${path.delimiter}${env.PATH}`, ZTAP_ETCD_RELEASE: release.version } : env;
}

/** One line per reason: "Go is not installed (...): etcd 3.5.36, 3.6.17, 3.7.4 not built; ...". */
function describeSkipped(skipped) {
  const byReason = new Map();
  for (const s of skipped) {
    byReason.set(s.reason, [...(byReason.get(s.reason) ?? []), s.version]);
  }
  return [...byReason].map(([reason, versions]) => {
    const hint = /Go is not installed|older than the Go/.test(reason) ? '; install Go 1.26 or newer (go.dev/dl) to build them' : '';
    return `${reason}: etcd ${versions.join(', ')} not built${hint}`;
  });
}

function main() {
  const json = process.argv.includes('--json');
  const { releases, skipped } = ensureReleases({ build: !process.argv.includes('--no-build') });
  for (const line of describeSkipped(skipped)) {
    console.error(line);
  }
  if (json) {
    console.log(JSON.stringify(releases, null, 2));
  } else {
    for (const r of releases) {
      console.log(`${r.version} ${r.dir}`);
    }
  }
  if (releases.length === 0) {
    console.error(
      'No etcd release found: install etcd-server and etcd-client (Debian/Ubuntu: apt-get install etcd-server etcd-client), or Go 1.26+ to build 3.5-3.7.',
    );
    process.exitCode = 1;
  }
}

if (require.main === module) {
  main();
}

module.exports = { ensureReleases, pickRelease, pinnedReleases, compareVersions, cacheRoot, describeSkipped, releaseEnv };

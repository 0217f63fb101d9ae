import { spawnSync } from 'child_process';
import { readdirSync } from 'fs';
import { homedir } from 'os';
import { join } from 'path';
import { findEtcdBinary } from './findEtcd';

/** An etcd server binary and the version it says it is. */
export interface EtcdRelease {
  version: string;
  etcdPath: string;
}

/** Where `npm run etcd-releases` builds etcd 3.5-3.7 (scripts/etcdReleases.js): one folder per version. */
export function releaseCacheRoot(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'ztap-etcd-explorer');
}

/** What `etcd --version` says ("3.6.17"), or undefined when it does not run. */
export function etcdVersionOf(etcdPath: string): string | undefined {
  const result = spawnSync(etcdPath, ['--version'], { encoding: 'utf8', timeout: 10_000 });
  return result.status === 0 ? /etcd Version: (\S+)/.exec(result.stdout)?.[1] : undefined;
}

/** The major.minor line of a version ("3.6" of "3.6.17"). */
export function minorOf(version: string): string {
  return version.split('.').slice(0, 2).join('.');
}

export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(n => parseInt(n, 10) || 0);
  const pb = b.split('.').map(n => parseInt(n, 10) || 0);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) {
      return d;
    }
  }
  return 0;
}

/**
 * Every etcd this machine has: the one on PATH and those built into the cache folder,
 * each once, oldest first.
 */
export function findEtcdReleases(envPath = process.env.PATH ?? '', cacheRoot = releaseCacheRoot()): EtcdRelease[] {
  const candidates: string[] = [];
  const onPath = findEtcdBinary(undefined, envPath);
  if (onPath) {
    candidates.push(onPath);
  }
  let folders: string[] = [];
  try {
    folders = readdirSync(cacheRoot).filter(name => /^etcd-\d+\.\d+\.\d+$/.test(name));
  } catch {
    // no cache folder: only PATH
  }
  for (const folder of folders) {
    const binary = findEtcdBinary(undefined, join(cacheRoot, folder));
    if (binary) {
      candidates.push(binary);
    }
  }
  const releases: EtcdRelease[] = [];
  for (const etcdPath of candidates) {
    const version = etcdVersionOf(etcdPath);
    if (version && !releases.some(r => r.version === version)) {
      releases.push({ version, etcdPath });
    }
  }
  return releases.sort((a, b) => compareVersions(a.version, b.version));
}

/**
 * The etcd to start: the configured binary when one is set (undefined when it does not
 * run), otherwise the newest release found.
 */
export function chooseEtcd(configuredPath: string | undefined, envPath = process.env.PATH ?? '', cacheRoot = releaseCacheRoot()): EtcdRelease | undefined {
  if (configuredPath && configuredPath.trim() !== '') {
    const binary = findEtcdBinary(configuredPath, envPath);
    const version = binary ? etcdVersionOf(binary) : undefined;
    return binary && version ? { version, etcdPath: binary } : undefined;
  }
  const releases = findEtcdReleases(envPath, cacheRoot);
  return releases[releases.length - 1];
}

import { accessSync, constants, statSync } from 'fs';
import { delimiter, join } from 'path';

/** The `etcd` binary: the configured path if given, else the first on PATH. */
export function findEtcdBinary(configuredPath: string | undefined, envPath = process.env.PATH ?? ''): string | undefined {
  if (configuredPath && configuredPath.trim() !== '') {
    return isExecutable(configuredPath) ? configuredPath : undefined;
  }
  const name = process.platform === 'win32' ? 'etcd.exe' : 'etcd';
  for (const dir of envPath.split(delimiter).filter(Boolean)) {
    const candidate = join(dir, name);
    if (isExecutable(candidate)) {
      return candidate;
    }
  }
  return undefined;
}

function isExecutable(path: string): boolean {
  try {
    if (!statSync(path).isFile()) {
      return false;
    }
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** What to tell a user who has no etcd, per OS. */
export function etcdInstallHint(configuredPath: string | undefined, platform = process.platform): string {
  const where = configuredPath
    ? `The etcd binary set in ztap.localEtcd.path (${configuredPath}) does not exist or is not executable.`
    : 'No etcd binary was found on PATH.';
  const how: Record<string, string> = {
    linux: 'Debian/Ubuntu: sudo apt-get install etcd-server; other Linux: download a release from etcd.io and put etcd on PATH.',
    darwin: 'macOS: brew install etcd.',
    win32: 'Windows: download a release from etcd.io, unpack it, and set ztap.localEtcd.path to etcd.exe.',
  };
  return `${where} Install it (${how[platform] ?? 'download a release from etcd.io'}) or set ztap.localEtcd.path.`;
}

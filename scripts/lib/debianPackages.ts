import { execFileSync, spawnSync } from 'child_process';

/** A command we need, the Debian package that brings it, and how to get it elsewhere. */
export interface Needed {
  command: string;
  debian: string;
  elsewhere: string;
}

export function onPath(command: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

/**
 * Installs what is missing with apt-get when this machine allows it (root on
 * Debian), otherwise throws a message naming exactly what to install.
 */
export function ensureCommands(needed: Needed[], extraDebian: string[] = []): void {
  const missing = needed.filter(n => !onPath(n.command));
  if (missing.length === 0) {
    return;
  }
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (isRoot && onPath('apt-get')) {
    const packages = [...new Set([...missing.map(m => m.debian), ...extraDebian])];
    console.log(`Installing ${packages.join(' ')} with apt-get...`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    execFileSync('apt-get', ['install', '-y', '-qq', ...packages], { stdio: 'inherit', env });
    const still = missing.filter(n => !onPath(n.command));
    if (still.length === 0) {
      return;
    }
  }
  throw new Error(
    [
      `Missing on PATH: ${missing.map(m => m.command).join(', ')}.`,
      `  Debian/Ubuntu: sudo apt-get install ${missing.map(m => m.debian).join(' ')}`,
      ...missing.map(m => `  ${m.command} elsewhere: ${m.elsewhere}`),
    ].join('\n'),
  );
}

import { execFileSync } from 'child_process';
import { existsSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'fs';
import { homedir } from 'os';
import { join } from 'path';
import { ensureCommands } from './debianPackages';

/**
 * code-server carries VS Code's server and web workbench. 4.100.x is the last
 * line that runs on Node 20; it is pinned so the `payload` test route keeps working.
 */
export const CODE_SERVER_VERSION = '4.100.3';

export function codeServerCacheDir(): string {
  const base = process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache');
  return join(base, 'ztap-etcd-explorer', `code-server-${CODE_SERVER_VERSION}`);
}

export function codeServerEntry(dir = codeServerCacheDir()): string {
  return join(dir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
}

/**
 * Installs code-server into the cache, outside git, once. A plain `npm install`
 * fails here (its postinstall refuses root and downloads ripgrep from GitHub),
 * so its postinstall steps are done by hand with Debian's ripgrep. A stamp file
 * marks a finished install; anything else is redone from scratch.
 */
export function ensureCodeServer(): string {
  const dir = codeServerCacheDir();
  const stamp = join(dir, '.installed');
  if (existsSync(stamp)) {
    return dir;
  }
  ensureCommands([
    { command: 'rg', debian: 'ripgrep', elsewhere: 'install ripgrep' },
    { command: 'chromium', debian: 'chromium', elsewhere: 'install Chromium and put it on PATH' },
    { command: 'make', debian: 'build-essential', elsewhere: 'install a C/C++ tool chain' },
    { command: 'pkg-config', debian: 'pkg-config', elsewhere: 'install pkg-config' },
    { command: 'krb5-config', debian: 'libkrb5-dev', elsewhere: 'install the Kerberos development headers' },
    { command: 'python3', debian: 'python3', elsewhere: 'install Python 3' },
  ]);
  console.log(`Installing code-server ${CODE_SERVER_VERSION} into ${dir} (once; later runs reuse it)...`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'ztap-code-server-cache', private: true }));
  const env: NodeJS.ProcessEnv = { ...process.env, npm_config_yes: 'true', npm_config_audit: 'false', npm_config_fund: 'false' };
  // node-gyp must build against the installed Node's headers: there is no download.
  if (existsSync('/usr/include/node/node.h')) {
    env.npm_config_nodedir = '/usr';
  }
  const npm = (cwd: string, args: string[]) => execFileSync('npm', args, { cwd, env, stdio: ['ignore', 'inherit', 'inherit'] });
  npm(dir, ['install', '--ignore-scripts', `code-server@${CODE_SERVER_VERSION}`]);
  npm(dir, ['rebuild', 'argon2']);
  const vscodeDir = join(dir, 'node_modules', 'code-server', 'lib', 'vscode');
  npm(vscodeDir, ['install', '--omit=dev', '--ignore-scripts']);
  const rgDir = join(vscodeDir, 'node_modules', '@vscode', 'ripgrep', 'bin');
  mkdirSync(rgDir, { recursive: true });
  link(execFileSync('sh', ['-c', 'command -v rg'], { encoding: 'utf8' }).trim(), join(rgDir, 'rg'));
  npm(vscodeDir, ['rebuild']);
  link('node_modules', join(vscodeDir, 'node_modules.asar'));
  link('code-linux.sh', join(vscodeDir, 'bin', 'remote-cli', 'code-server'));
  link('browser-linux.sh', join(vscodeDir, 'bin', 'helpers', 'browser.sh'));
  npm(join(vscodeDir, 'extensions'), ['install', '--omit=dev']);
  writeFileSync(stamp, `${new Date().toISOString()}\n`);
  return dir;
}

function link(target: string, path: string): void {
  rmSync(path, { force: true, recursive: true });
  symlinkSync(target, path);
}

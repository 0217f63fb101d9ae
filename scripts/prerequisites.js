// What `npm test`, `npm run bench` and the demo need outside npm, installed when
// this machine can (root + apt-get), otherwise named exactly.
const { execFileSync, spawnSync } = require('child_process');
const { existsSync } = require('fs');
const path = require('path');

const root = path.join(__dirname, '..');

function onPath(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

/** Installs the npm packages if node_modules is missing or older than the lock file. */
function ensureNodeModules() {
  if (!existsSync(path.join(root, 'node_modules', '.package-lock.json'))) {
    console.log('Installing npm packages (npm ci)...');
    execFileSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
  }
}

/** etcd and etcdctl 3.4+ (Debian: etcd-server and etcd-client); openssl makes the TLS tests' certificates. */
function ensureEtcd() {
  if (onPath('etcd') && onPath('etcdctl') && onPath('openssl')) {
    return;
  }
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (isRoot && onPath('apt-get')) {
    console.log('Installing etcd-server and etcd-client with apt-get...');
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    execFileSync('apt-get', ['install', '-y', '-qq', 'etcd-server', 'etcd-client', 'openssl'], { stdio: 'inherit', env });
    return;
  }
  console.error(
    [
      'Missing: etcd and etcdctl (3.4 or newer), or openssl, on PATH. The tests start their own etcd processes on 127.0.0.1.',
      '  Debian/Ubuntu: sudo apt-get install etcd-server etcd-client openssl',
      '  macOS:         brew install etcd',
      '  Other:         https://etcd.io/docs/latest/install/ (put etcd and etcdctl on PATH)',
    ].join('\n'),
  );
  process.exit(1);
}

/**
 * `ip` and `nft` for the chaos run's network namespace (Debian: iproute2, nftables),
 * installed as root with apt-get. Returns what is still missing, named for the user.
 */
function ensureChaosTools() {
  const missing = () =>
    [
      ['ip', 'iproute2'],
      ['nft', 'nftables'],
    ].filter(([cmd]) => !onPath(cmd));
  if (missing().length && process.getuid?.() === 0 && onPath('apt-get')) {
    const packages = missing().map(([, pkg]) => pkg);
    console.log(`Installing ${packages.join(' ')} with apt-get (the chaos run)...`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    execFileSync('apt-get', ['install', '-y', '-qq', ...packages], { stdio: 'inherit', env });
  }
  const still = missing();
  return still.length ? `${still.map(([cmd]) => cmd).join(' and ')} missing (apt-get install ${still.map(([, pkg]) => pkg).join(' ')})` : undefined;
}

module.exports = { ensureNodeModules, ensureEtcd, ensureChaosTools, onPath, root };

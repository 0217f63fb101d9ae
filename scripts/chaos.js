#!/usr/bin/env node
// npm run chaos -- [--minutes N] [--seed S] [--release 3.x] [--json FILE] [--no-build]
//
// A chaos run (test/chaos/chaosRun.ts) on a 3-member cluster of each etcd release the
// project tests, one after the other (or the one --release names): faults drawn from
// the seed (printed; give it again to repeat a run) while watches, elections, guarded
// saves and folder deletes run, then everything checked against etcd's own history.
//
// Each run has a network namespace of its own (root: `ip netns`), whose loopback holds
// the cluster, the fault proxies and the nftables rules that route the members' peer
// links through them; nothing touches the host's network. The namespace, every process
// in it and the run's temporary folder are removed when it ends, also on Ctrl-C and on
// failure (the members' logs of a failed run are kept in test-results/chaos/).
const { execFileSync, spawn, spawnSync } = require('child_process');
const { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } = require('fs');
const { tmpdir } = require('os');
const path = require('path');
const { ensureReleases, pickRelease, releaseEnv } = require('./etcdReleases');
const { ensureChaosTools } = require('./prerequisites');

const root = path.join(__dirname, '..');
const argv = process.argv.slice(2);
const option = name => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : undefined);

function fail(message) {
  console.error(`npm run chaos: ${message}`);
  process.exit(2);
}

const minutes = Number(option('--minutes') ?? 5);
if (!(minutes > 0 && minutes <= 120)) {
  fail(`--minutes must be a number of minutes from 0.1 to 120, not ${option('--minutes')}`);
}
const seedText = option('--seed');
if (seedText !== undefined && !/^\d+$/.test(seedText)) {
  fail(`--seed must be a whole number, not ${seedText}`);
}
const seed = seedText === undefined ? Math.floor(Math.random() * 2 ** 31) : Number(seedText);
const jsonFile = option('--json');

if (process.getuid?.() !== 0) {
  fail('the chaos run needs root: it makes a network namespace and nftables rules of its own (run it as root, e.g. in CI)');
}
const toolsMissing = ensureChaosTools();
if (toolsMissing) {
  fail(toolsMissing);
}

if (!argv.includes('--no-build')) {
  execFileSync(process.execPath, [path.join(__dirname, 'build.js')], { stdio: 'inherit' });
}
const found = ensureReleases({ log: line => console.log(line) });
const line = option('--release');
const releases = line ? [pickRelease(found.releases, line)].filter(Boolean) : found.releases;
if (!releases.length) {
  fail(`no etcd release ${line ?? ''} on this machine (npm run etcd-releases builds them)`);
}

let current;
let interrupted = false;
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    interrupted = true;
    current?.kill(signal);
  });
}

async function run(release) {
  const namespace = `ztap-chaos-${process.pid}`;
  const work = mkdtempSync(path.join(tmpdir(), 'ztap-chaos-'));
  const ip = args => execFileSync('ip', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  try {
    ip(['netns', 'add', namespace]);
    ip(['netns', 'exec', namespace, 'ip', 'link', 'set', 'lo', 'up']);
    const json = jsonFile && releases.length > 1 ? jsonFile.replace(/(\.json)?$/, `-${release.version}.json`) : jsonFile;
    const args = ['netns', 'exec', namespace, process.execPath, path.join(root, 'out/test/chaos/chaosRun.js')];
    args.push('--minutes', String(minutes), '--seed', String(seed), '--work', work, ...(json ? ['--json', path.resolve(json)] : []));
    const code = await new Promise(resolve => {
      current = spawn('ip', args, { env: releaseEnv(release), stdio: 'inherit' });
      current.on('exit', (exitCode, signal) => resolve(exitCode ?? (signal ? 130 : 2)));
    });
    current = undefined;
    if (code !== 0 && code !== 130) {
      const kept = path.join(root, 'test-results', 'chaos', `${release.version}-seed-${seed}`);
      mkdirSync(kept, { recursive: true });
      const data = path.join(work, 'data');
      for (const file of existsSync(data) ? readdirSync(data).filter(f => f.endsWith('.log')) : []) {
        cpSync(path.join(data, file), path.join(kept, file));
      }
      console.log(`the members' logs: ${kept}`);
    }
    return code;
  } finally {
    // Whatever is left in the namespace goes with it.
    const pids = spawnSync('ip', ['netns', 'pids', namespace], { encoding: 'utf8' }).stdout?.split(/\s+/).filter(Boolean) ?? [];
    for (const pid of pids) {
      try {
        process.kill(Number(pid), 'SIGKILL');
      } catch {
        // gone
      }
    }
    spawnSync('ip', ['netns', 'del', namespace]);
    rmSync(work, { recursive: true, force: true });
  }
}

(async () => {
  const results = [];
  for (const release of releases) {
    if (interrupted) {
      break;
    }
    console.log(`\nChaos run on etcd ${release.version}: ${minutes} min, seed ${seed}`);
    results.push({ release, code: await run(release) });
  }
  console.log('');
  for (const { release, code } of results) {
    const outcome = code === 0 ? 'no anomaly' : code === 1 ? 'ANOMALIES (above)' : code === 130 ? 'interrupted' : 'the run failed (above)';
    console.log(`${code === 0 ? '' : 'chaos failed: '}chaos run on etcd ${release.version}, ${minutes} min, seed ${seed}: ${outcome}`);
  }
  const passed = results.filter(r => r.code === 0).length;
  console.log(`chaos: ${passed} passed, ${results.length - passed} failed`);
  process.exit(interrupted ? 130 : results.every(r => r.code === 0) ? 0 : 1);
})();

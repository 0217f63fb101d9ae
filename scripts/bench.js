#!/usr/bin/env node
// `npm run bench [-- --releases-only]`: installs what is missing, builds, runs the benchmarks
// on etcd 3.4.23, then the listing and watch ratios on 3.4.23 and on the newest release
// beside it, each against that release's own etcdctl (bench/releaseBench.ts).
const { execFileSync, spawnSync } = require('child_process');
const path = require('path');
const { ensureEtcd, ensureNodeModules, root } = require('./prerequisites');
const { ensureReleases, pickRelease, releaseEnv } = require('./etcdReleases');

ensureNodeModules();
ensureEtcd();
// GNU time measures both tools' peak memory the same way in the listing bench.
if (!require('fs').existsSync('/usr/bin/time')) {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (isRoot) {
    console.log('Installing GNU time with apt-get...');
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    execFileSync('apt-get', ['install', '-y', '-qq', 'time'], { stdio: 'inherit', env });
  } else {
    console.error('Missing: /usr/bin/time (GNU time), for peak memory. Debian/Ubuntu: sudo apt-get install time');
    process.exit(1);
  }
}
const { releases } = ensureReleases({ log: line => console.log(line) });
execFileSync(process.execPath, [path.join(__dirname, 'build.js')], { stdio: 'inherit' });
const oldest = pickRelease(releases, '3.4');
const newest = pickRelease(releases);
if (!process.argv.includes('--releases-only')) {
  execFileSync(process.execPath, [path.join(root, 'out', 'bench', 'bench.js')], { stdio: 'inherit', env: releaseEnv(oldest) });
}
console.log('\nReleases: the listing and watch ratios on each release, against its own etcdctl (etcd seeded, then restarted; medians of 5)');
const results = [];
for (const release of [oldest, newest].filter((r, i, all) => r && all.indexOf(r) === i)) {
  const run = spawnSync(process.execPath, [path.join(root, 'out', 'bench', 'releaseBench.js')], {
    env: releaseEnv(release),
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
  const line = run.stdout.split('\n').find(l => l.startsWith('RELEASE-BENCH '));
  if (!line) {
    console.log(`  etcd ${release.version}: failed: ${run.stderr.trim().split('\n').slice(-3).join(' | ')}`);
    continue;
  }
  results.push(JSON.parse(line.slice('RELEASE-BENCH '.length)));
}
const jobs = [...new Set(results.flatMap(r => r.rows.map(row => row.job)))];
console.log(`  ${'job'.padEnd(52)} ${results.map(r => `etcd ${r.release}`.padEnd(30)).join(' ')}`);
for (const job of jobs) {
  const cells = results.map(r => {
    const row = r.rows.find(x => x.job === job);
    return (row ? `${row.ratio.toFixed(2)}x (${row.note})` : '-').padEnd(30);
  });
  console.log(`  ${job.padEnd(52)} ${cells.join(' ')}`);
}

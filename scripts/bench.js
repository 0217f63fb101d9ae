#!/usr/bin/env node
// `npm run bench [-- --releases-only | --pace-only]`: installs what is missing, builds, runs
// the benchmarks on etcd 3.4.23 (bench/bench.ts), then the listing and watch ratios
// (bench/releaseBench.ts) and the pace of every job (bench/paceBench.ts) on 3.4.23 and on
// the newest release beside it, each against that release's own etcdctl and etcdutl, and
// ends with one table of every job: its goal, its figure on each release, met or not.
const { execFileSync, spawn } = require('child_process');
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
const both = [oldest, newest].filter((r, i, all) => r && all.indexOf(r) === i);
const only = process.argv.includes('--releases-only') ? 'releases' : process.argv.includes('--pace-only') ? 'pace' : undefined;

/**
 * Runs a bench script with its output shown as it comes, and returns the JSON of its
 * `MARKER {json}` line (not shown), or undefined when it failed or printed none.
 */
function runBench(script, env, marker) {
  return new Promise(resolve => {
    const child = spawn(process.execPath, [path.join(root, 'out', 'bench', script)], { env, stdio: ['ignore', 'pipe', 'inherit'] });
    let found;
    let rest = '';
    child.stdout.on('data', chunk => {
      const lines = (rest + chunk.toString()).split('\n');
      rest = lines.pop();
      for (const line of lines) {
        if (line.startsWith(`${marker} `)) {
          found = JSON.parse(line.slice(marker.length + 1));
        } else {
          console.log(line);
        }
      }
    });
    child.on('close', code => {
      if (code !== 0) {
        console.log(`  ${script} on ${env.ZTAP_ETCD_RELEASE ?? 'etcd'} failed (exit ${code})`);
      }
      resolve(code === 0 ? found : undefined);
    });
  });
}

async function main() {
  /** job -> { goal, figures: release -> { value, met, note } } */
  const table = new Map();
  const add = (release, rows) => {
    for (const row of rows ?? []) {
      const entry = table.get(row.job) ?? { goal: row.goal, figures: new Map() };
      entry.figures.set(release, row);
      table.set(row.job, entry);
    }
  };
  if (!only) {
    const main = await runBench('bench.js', releaseEnv(oldest), 'MAIN-BENCH');
    add(oldest.version, main?.rows);
  }
  if (only !== 'pace') {
    console.log('\nReleases: the listing and watch ratios on each release, against its own etcdctl (etcd seeded, then restarted; medians of 5)');
    for (const release of both) {
      const r = await runBench('releaseBench.js', releaseEnv(release), 'RELEASE-BENCH');
      add(
        release.version,
        r?.rows.map(row => ({
          job: row.job,
          goal: row.job.startsWith('watch') ? '>= 1.0x' : '<= 1.0x',
          value: `${row.ratio.toFixed(2)}x`,
          met: row.job.startsWith('watch') ? row.ratio >= 1 : row.ratio <= 1,
          note: row.note,
        })),
      );
    }
  }
  if (only !== 'releases') {
    for (const release of both) {
      const r = await runBench('paceBench.js', releaseEnv(release), 'PACE-BENCH');
      add(release.version, r?.rows);
    }
  }
  const versions = both.map(r => r.version);
  console.log('\nEvery job against its goal (ratios are ztap-etcd / etcdctl unless said; "-": not run on that release)');
  const header = ['job', 'goal', ...versions.map(v => `etcd ${v}`), 'met'];
  const lines = [...table].map(([job, { goal, figures }]) => {
    const cells = versions.map(v => figures.get(v)?.value ?? '-');
    const met = [...figures.values()].every(f => f.met);
    return [job, goal, ...cells, met ? 'yes' : 'NO'];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map(l => l[i].length)));
  for (const line of [header, ...lines]) {
    console.log(`  ${line.map((cell, i) => cell.padEnd(widths[i])).join('  ')}`);
  }
  const notMet = lines.filter(l => l[l.length - 1] === 'NO').length;
  console.log(`  ${lines.length - notMet} of ${lines.length} goals met`);
}

main().catch(err => {
  console.error(`bench failed: ${err.message}`);
  process.exitCode = 1;
});

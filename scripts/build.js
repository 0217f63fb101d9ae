#!/usr/bin/env node
// Type-checks (tsc emits out/ for the mocha tests) and bundles dist/extension.js and dist/cli.js.
// etcd3 loads rpc.proto from `${__dirname}/../proto` at run time; in a bundle __dirname is dist/,
// so the path is rewritten to dist/proto and the .proto files are copied there: dist/ runs alone.
const { execFileSync } = require('child_process');
const { chmodSync, cpSync, mkdirSync, readFileSync, rmSync } = require('fs');
const path = require('path');
const esbuild = require('esbuild');

const root = path.join(__dirname, '..');
const dist = path.join(root, 'dist');

const protoPath = {
  name: 'etcd3-proto-path',
  setup(build) {
    build.onLoad({ filter: /etcd3[\\/]lib[\\/]connection-pool\.js$/ }, args => {
      const source = readFileSync(args.path, 'utf8');
      const from = '`${__dirname}/../proto/rpc.proto`';
      if (!source.includes(from)) {
        throw new Error(`etcd3 changed how it loads rpc.proto; update ${__filename}`);
      }
      return { contents: source.replace(from, "require('path').join(__dirname, 'proto', 'rpc.proto')"), loader: 'js' };
    });
  },
};

async function main() {
  const watchless = process.argv.includes('--no-check');
  if (!watchless) {
    // A fresh out/: a test file deleted from test/ must not live on as a stale .js.
    rmSync(path.join(root, 'out'), { recursive: true, force: true });
    execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', root], { stdio: 'inherit' });
  }
  rmSync(dist, { recursive: true, force: true });
  const common = {
    bundle: true,
    platform: 'node',
    target: 'node18',
    format: 'cjs',
    sourcemap: true,
    logLevel: 'warning',
    plugins: [protoPath],
  };
  await esbuild.build({ ...common, entryPoints: [path.join(root, 'src/extension/extension.ts')], outfile: path.join(dist, 'extension.js'), external: ['vscode'] });
  await esbuild.build({ ...common, entryPoints: [path.join(root, 'src/cli/cli.ts')], outfile: path.join(dist, 'cli.js'), banner: { js: '#!/usr/bin/env node' } });
  chmodSync(path.join(dist, 'cli.js'), 0o755);
  mkdirSync(path.join(dist, 'proto'), { recursive: true });
  cpSync(path.join(path.dirname(require.resolve('etcd3/package.json')), 'proto'), path.join(dist, 'proto'), { recursive: true });
}

main().catch(err => {
  console.error(err.message);
  process.exit(1);
});

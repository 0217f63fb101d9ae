#!/usr/bin/env node
// Type-checks (tsc emits out/ for the mocha tests) and bundles dist/extension.js and the CLI (dist/cli.js runs dist/cliMain.js).
// etcd3 parses rpc.proto from `${__dirname}/../proto` at run time: in a bundle that path is wrong,
// and the parse costs start-up time. The build parses it once and puts the descriptor (JSON) into
// the bundle instead, loaded with proto-loader's fromJSON: dist/ runs alone, and starts faster.
const { execFileSync } = require('child_process');
const { chmodSync, readFileSync, rmSync } = require('fs');
const path = require('path');
const esbuild = require('esbuild');

const root = path.join(__dirname, '..');
const dist = path.join(root, 'dist');

const protoPath = {
  name: 'etcd3-proto-path',
  setup(build) {
    build.onLoad({ filter: /etcd3[\\/]lib[\\/]connection-pool\.js$/ }, args => {
      const source = readFileSync(args.path, 'utf8');
      const from = '(0, proto_loader_1.loadSync)(`${__dirname}/../proto/rpc.proto`,';
      if (!source.includes(from)) {
        throw new Error(`etcd3 changed how it loads rpc.proto; update ${__filename}`);
      }
      const { loadProtosWithOptionsSync } = require('@grpc/proto-loader/build/src/util');
      const rpcProto = path.join(path.dirname(args.path), '..', 'proto', 'rpc.proto');
      // The same parse options etcd3 passes; keepCase shapes the names in the descriptor.
      const root = loadProtosWithOptionsSync(rpcProto, { keepCase: true, longs: String, enums: String, defaults: true, oneofs: true });
      const json = root.toJSON();
      if (json.options) {
        // The bundle builds the Root without Root.fromJSON, which would apply these (see lazyReflection).
        throw new Error(`etcd's rpc.proto now has file options; update ${__filename}`);
      }
      const descriptor = JSON.stringify(json);
      return { contents: source.replace(from, `(0, proto_loader_1.fromJSON)(${descriptor},`), loader: 'js' };
    });
  },
};

/**
 * proto-loader builds, for every message of every method, reflection descriptors
 * (DescriptorProto objects and the encoded file) that only gRPC reflection reads;
 * grpc-js uses the serializers alone. Made lazy here, they cost nothing until read:
 * ~20 of the ~28 ms that loading etcd's API took at every start of the CLI and of the
 * extension. Each replaced text is checked, so a changed proto-loader stops the build.
 */
const lazyReflection = {
  name: 'proto-loader-lazy-reflection',
  setup(build) {
    build.onLoad({ filter: /@grpc[\\/]proto-loader[\\/]build[\\/]src[\\/]index\.js$/ }, args => {
      // etcd3's copy (grpc-js has its own, for channelz and ORCA, loaded only when those are used).
      if (args.path !== require.resolve('@grpc/proto-loader')) {
        return undefined;
      }
      let source = readFileSync(args.path, 'utf8');
      // The descriptor extension (it adds toDescriptor and parses descriptor.proto's JSON,
      // ~11 ms) is read only by the lazy descriptors below: loaded on their first read.
      const extension = '(descriptorExtension ??= require("protobufjs/ext/descriptor"))';
      /** A message's or an enum's definition with its reflection descriptors built on first read. */
      const lazyDefinition = (variable, kind, format) => [
        `const ${variable} = ${kind}.toDescriptor('proto3');
    return {
        format: '${format}',
        type: ${variable}.$type.toObject(${variable}, descriptorOptions),
        fileDescriptorProtos: fileDescriptors,
    };`,
        `return {
        format: '${format}',
        get type() { ${extension}; const d = ${kind}.toDescriptor('proto3'); return d.$type.toObject(d, descriptorOptions); },
        get fileDescriptorProtos() { return Array.isArray(fileDescriptors) ? fileDescriptors : fileDescriptors.list; },
    };`,
      ];
      const replacements = [
        lazyDefinition('messageDescriptor', 'message', 'Protocol Buffer 3 DescriptorProto'),
        lazyDefinition('enumDescriptor', 'enumType', 'Protocol Buffer 3 EnumDescriptorProto'),
        [
          `const descriptorList = root.toDescriptor('proto3').file;
    const bufferList = descriptorList.map(value => Buffer.from(descriptor.FileDescriptorProto.encode(value).finish()));`,
          `let encodedFiles;
    const bufferList = { get list() { return (encodedFiles ??= (${extension}, root.toDescriptor('proto3')).file.map(value => Buffer.from(${extension}.FileDescriptorProto.encode(value).finish()))); } };`,
        ],
        [`const descriptor = require("protobufjs/ext/descriptor");`, `let descriptorExtension;`],
        [`descriptor.FileDescriptorSet.decode(`, `${extension}.FileDescriptorSet.decode(`],
        [`descriptor.FileDescriptorSet.fromObject(`, `${extension}.FileDescriptorSet.fromObject(`],
        // Resolving every field of every message of etcd's API takes ~15 ms; the methods'
        // types are all a package definition needs, and protobufjs resolves a message's
        // fields when its codec is first built (Type.setup).
        [
          `const loadedRoot = Protobuf.Root.fromJSON(json);
    loadedRoot.resolveAll();
    return createPackageDefinition(loadedRoot, options);`,
          `// Root.fromJSON without its resolveAll (the descriptor is etcd's, built with no options).
    const loadedRoot = new Protobuf.Root().addJSON(json.nested);
    resolveMethods(loadedRoot);
    return createPackageDefinition(loadedRoot, options, true);`,
        ],
        [
          `function createPackageDefinition(root, options) {
    const def = {};
    root.resolveAll();`,
          `function resolveMethods(ns) {
    for (const obj of ns.nestedArray) {
        if (obj instanceof Protobuf.Service) {
            obj.methodsArray.forEach(method => method.resolve());
        }
        else if (obj instanceof Protobuf.Namespace) {
            resolveMethods(obj);
        }
    }
}
function createPackageDefinition(root, options, methodsResolved) {
    const def = {};
    if (!methodsResolved) {
        root.resolveAll();
    }`,
        ],
      ];
      for (const [from, to] of replacements) {
        if (!source.includes(from)) {
          throw new Error(`@grpc/proto-loader changed how it builds reflection descriptors; update ${__filename}`);
        }
        source = source.replace(from, to);
      }
      return { contents: source, loader: 'js' };
    });
  },
};

async function main() {
  const watchless = process.argv.includes('--no-check');
  if (!watchless) {
    // A fresh out/: a test file deleted from test/ must not live on as a stale .js.
    rmSync(path.join(root, 'out'), { recursive: true, force: true });
    execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', root], { stdio: 'inherit' });
    // The dashboard's page runs in a browser (a webview): its own project, with the DOM's types.
    execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', path.join(root, 'src/extension/dashboard/webview')], { stdio: 'inherit' });
  }
  rmSync(dist, { recursive: true, force: true });
  const common = {
    bundle: true,
    platform: 'node',
    // VS Code 1.96 (engines.vscode) runs extensions on Node 20; the CLI needs Node >= 20 too.
    target: 'node20',
    format: 'cjs',
    sourcemap: true,
    logLevel: 'warning',
    plugins: [protoPath, lazyReflection],
  };
  await esbuild.build({
    ...common,
    entryPoints: [path.join(root, 'src/extension/extension.ts')],
    outfile: path.join(dist, 'extension.js'),
    external: ['vscode'],
  });
  // The CLI: its bundle, and the executable that runs it with a V8 code cache (src/cli/launch.ts).
  await esbuild.build({
    ...common,
    entryPoints: [path.join(root, 'src/cli/cli.ts')],
    outfile: path.join(dist, 'cliMain.js'),
  });
  await esbuild.build({
    ...common,
    plugins: [],
    entryPoints: [path.join(root, 'src/cli/launch.ts')],
    outfile: path.join(dist, 'cli.js'),
    banner: { js: '#!/usr/bin/env node' },
  });
  chmodSync(path.join(dist, 'cli.js'), 0o755);
  // The Cluster Dashboard's page: a browser script, loaded by the webview from dist/.
  await esbuild.build({
    entryPoints: [path.join(root, 'src/extension/dashboard/webview/dashboard.ts')],
    outfile: path.join(dist, 'dashboard.js'),
    bundle: true,
    platform: 'browser',
    target: 'es2022',
    format: 'iife',
    minify: true,
    logLevel: 'warning',
  });
  // A worker thread's script must be a file: snapshotWorkers.ts loads it from beside the bundle.
  await esbuild.build({ ...common, entryPoints: [path.join(root, 'src/core/snapshot/snapshotWorker.ts')], outfile: path.join(dist, 'snapshotWorker.js') });
}

main().catch(err => {
  console.error(err.message);
  process.exit(1);
});

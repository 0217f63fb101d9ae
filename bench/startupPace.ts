import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { createEtcd3 } from '../src/core/client/etcdClient';
import { resolveConnection } from '../src/core/config/connectionConfig';
import type { LocalEtcdCluster } from '../src/core/local/etcdProcess';
import { median, timeToDevNull } from './timing';
import { CLI } from '../test/support/runCli';

const ROOT = join(__dirname, '..', '..');
const RUNS = 11;

export interface StartupPace {
  what: string;
  oursMs: number;
  etcdctlMs: number;
}

export interface StartupPaceResult {
  /** `node -e 0`: Node's own start, the floor of any CLI in Node. */
  nodeMs: number;
  /**
   * One Range call on a bare grpc-js client, bundled as the CLI is: the floor of any
   * CLI on grpc-js (loading http2 and tls, the channel, one call).
   */
  grpcFloorMs: number;
  commands: StartupPace[];
}

/** A Range of one key on a bare grpc-js client: the least a grpc-js CLI does for `get`. */
const GRPC_FLOOR = `
const grpc = require('@grpc/grpc-js');
const [target, key] = process.argv.slice(2);
const client = new grpc.Client(target, grpc.credentials.createInsecure());
const k = Buffer.from(key);
const req = Buffer.concat([Buffer.from([0x0a, k.length]), k]);
client.makeUnaryRequest('/etcdserverpb.KV/Range', b => b, b => b, req, new grpc.Metadata(), { deadline: Date.now() + 5000 }, err => {
  if (err) { console.error(err.message); process.exit(1); }
  process.exit(0);
});
`;

/**
 * Start-up, process start to exit, of one-shot commands against etcdctl's nearest,
 * with Node's own start and a bare grpc-js call beside them: what is left between
 * those floors and our figures is ours. Interleaved, medians of 11, after one run of
 * each that writes the CLI's code cache (a cache folder of the bench's own).
 */
export async function startupPace(cluster: LocalEtcdCluster): Promise<StartupPaceResult> {
  const endpoint = cluster.endpoints[0];
  const etcdctlEnv = { ...process.env, ETCDCTL_API: '3' };
  const dir = mkdtempSync(join(tmpdir(), 'ztap-startup-'));
  const oursEnv = { ...process.env, XDG_CACHE_HOME: dir };
  const etcd = createEtcd3(resolveConnection({ endpoints: [endpoint] }, {}));
  await etcd.put('/ztap/startup/key').value('small');
  etcd.close();
  try {
    const floor = join(dir, 'grpcFloor.js');
    // esbuild is the project's bundler; bundled so the floor loads as the CLI's bundle does.
    const { buildSync } = await import('esbuild');
    buildSync({ stdin: { contents: GRPC_FLOOR, resolveDir: ROOT }, bundle: true, platform: 'node', outfile: floor, logLevel: 'warning' });
    const pairs: Array<[string, string[], string, string[]]> = [
      ['node -e 0', ['-e', '0'], 'node', ['-e', '0']],
      ['bare grpc-js Range', [floor, new URL(endpoint).host, '/ztap/startup/key'], 'node', [floor, new URL(endpoint).host, '/ztap/startup/key']],
      ['get <small key>', [CLI, 'get', '/ztap/startup/key', '--endpoints', endpoint], 'etcdctl', [`--endpoints=${endpoint}`, 'get', '/ztap/startup/key']],
      [
        'put <small key>',
        [CLI, 'put', '/ztap/startup/put', 'v', '--endpoints', endpoint],
        'etcdctl',
        [`--endpoints=${endpoint}`, 'put', '/ztap/startup/put', 'v'],
      ],
      [
        'ls <empty folder>',
        [CLI, 'ls', '/ztap/startup-empty/', '--endpoints', endpoint],
        'etcdctl',
        [`--endpoints=${endpoint}`, 'get', '/ztap/startup-empty/', '--prefix', '--keys-only'],
      ],
      [
        'leader',
        [CLI, 'leader', '--endpoints', endpoint],
        'etcdctl',
        [`--endpoints=${endpoint}`, 'get', '/ztap/election/', '--prefix', '--sort-by=CREATE', '--limit=1'],
      ],
    ];
    const commands: StartupPace[] = [];
    for (const [what, oursArgs, tool, theirsArgs] of pairs) {
      await timeToDevNull(process.execPath, oursArgs, oursEnv);
      const o: number[] = [];
      const t: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        o.push((await timeToDevNull(process.execPath, oursArgs, oursEnv)).ms);
        t.push((await timeToDevNull(tool === 'node' ? process.execPath : tool, theirsArgs, etcdctlEnv)).ms);
      }
      commands.push({ what, oursMs: median(o), etcdctlMs: median(t) });
    }
    const [node, grpcFloor, ...rest] = commands;
    return { nodeMs: median([node.oursMs, node.etcdctlMs]), grpcFloorMs: median([grpcFloor.oursMs, grpcFloor.etcdctlMs]), commands: rest };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

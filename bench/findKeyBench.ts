import { createEtcd3 } from '../src/core/client/etcdClient';
import { resolveConnection } from '../src/core/config/connectionConfig';
import { matchChildren, splitTyped } from '../src/core/keys/findKeys';
import { KeyIndex } from '../src/core/keys/keyIndex';
import { prefixRangeEnd } from '../src/core/keys/keyRange';
import { keyFromText } from '../src/core/keys/keyText';
import type { LocalEtcdCluster } from '../src/core/local/etcdProcess';
import { policyStateKeys, seedKeys } from '../test/support/seed';
import { typeIntoFindKey } from './findKeyTyping';
import { median, timeCommand } from './timing';

export const FIND_KEYS = 1_000_000;
/** A user typing their way to one policy, a keystroke at a time. */
const TYPED = '/ztap/policies/state/tenant-07/policy-01234';
const FROM = '/ztap/'.length;

export interface FindKeyBenchResult {
  keystrokes: number;
  medianMs: number;
  p95Ms: number;
  /** The keystrokes that entered a folder not listed before: time to its first results. */
  newFolderMs: number[];
  /** For each of those folders, etcd's walk of its keys alone (a count_only range over it, right after). */
  newFolderWalkMs: number[];
  etcdctlMedianMs: number;
  ratio: number;
  /** The same path typed at 8 keystrokes a second, each keystroke's query started at once: ms to its first results. */
  typingMs: number[];
  /** /ztap/policies/state/ asked for on its own with a cold index: ms to its first results... */
  directMs: number;
  /** ...and etcd's walk of its keys alone (a count_only range), right after. */
  directWalkMs: number;
}

/**
 * Find Key's work per keystroke (what the extension runs: the typed folder from the
 * tree's index, listed once and then kept, and the matching of its children), with a
 * cold index as when the tree was never expanded; against `etcdctl get <typed>
 * --prefix --keys-only --limit 200` for the same keystrokes, the nearest thing
 * etcdctl has. etcd freshly written (not restarted), holding ZTAP's election key and
 * node registrations beside the policies.
 */
export async function findKeyBench(cluster: LocalEtcdCluster): Promise<FindKeyBenchResult> {
  const endpoints = cluster.endpoints;
  const etcd = createEtcd3(resolveConnection({ endpoints }, {}));
  try {
    // What ZTAP keeps beside its policies (docs/ztap-etcd-layout.md): the election's key and
    // the nodes' registrations, which sort before policies/ under the root.
    await seedKeys(etcd, [
      ['/ztap/election/694d9a3c5e8f0001', 'node-1'],
      ...[1, 2, 3].map((n): [string, string] => [`/ztap/nodes/node-${n}`, JSON.stringify({ id: `node-${n}`, address: `127.0.0.1:909${n}` })]),
    ]);
    await seedKeys(etcd, policyStateKeys(FIND_KEYS));
    const index = new KeyIndex(etcd);
    const ours: number[] = [];
    const newFolder: number[] = [];
    const newFolderWalk: number[] = [];
    const listed = new Set<string>();
    for (let i = FROM; i <= TYPED.length; i++) {
      const { folder, fragment } = splitTyped(TYPED.slice(0, i));
      // What the user waits for: the first results (from a big folder's first page, or the cache).
      const started = process.hrtime.bigint();
      let first: number | undefined;
      const shown = (children: Parameters<typeof matchChildren>[2]) => {
        matchChildren(folder, fragment, children);
        first ??= Number(process.hrtime.bigint() - started) / 1e6;
      };
      shown((await index.list(folder, shown)).children);
      const ms = first!;
      ours.push(ms);
      if (!listed.has(folder)) {
        listed.add(folder);
        newFolder.push(ms);
        // etcd's own share: any range over a prefix walks all of it in etcd 3.4's index
        // (to count it, even with a limit); a count_only range is that walk alone.
        const key = keyFromText(folder);
        const walkStarted = process.hrtime.bigint();
        await etcd.kv.range({ key, range_end: prefixRangeEnd(key), count_only: true });
        newFolderWalk.push(Number(process.hrtime.bigint() - walkStarted) / 1e6);
      }
    }
    const theirs: number[] = [];
    for (let i = FROM; i <= TYPED.length; i += 4) {
      theirs.push(
        (
          await timeCommand('etcdctl', [`--endpoints=${endpoints.join(',')}`, 'get', TYPED.slice(0, i), '--prefix', '--keys-only', '--limit', '200'], {
            ...process.env,
            ETCDCTL_API: '3',
          })
        ).ms,
      );
    }
    const typingMs = await typeIntoFindKey(etcd, TYPED, FROM);
    // The worst case: a never-listed folder of 1,000,000 keys whose names share their
    // first byte, asked for on its own (not typed from the root, whose read would bring
    // it), and etcd's walk of it alone right after.
    const direct = '/ztap/policies/state/';
    const directStarted = process.hrtime.bigint();
    let directMs: number | undefined;
    await new KeyIndex(etcd).list(direct, () => (directMs ??= Number(process.hrtime.bigint() - directStarted) / 1e6));
    const directKey = keyFromText(direct);
    const walkStarted = process.hrtime.bigint();
    await etcd.kv.range({ key: directKey, range_end: prefixRangeEnd(directKey), count_only: true });
    const directWalkMs = Number(process.hrtime.bigint() - walkStarted) / 1e6;
    const sorted = [...ours].sort((a, b) => a - b);
    const m = median(ours);
    const t = median(theirs);
    return {
      keystrokes: ours.length,
      medianMs: m,
      p95Ms: sorted[Math.floor(sorted.length * 0.95)],
      newFolderMs: newFolder,
      newFolderWalkMs: newFolderWalk,
      etcdctlMedianMs: t,
      ratio: m / t,
      typingMs,
      directMs: directMs!,
      directWalkMs,
    };
  } finally {
    // The million keys stay: this is the last bench on this etcd, which is stopped next
    // (deleting them takes longer than a request's deadline).
    etcd.close();
  }
}

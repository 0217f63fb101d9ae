import type { Etcd3 } from 'etcd3';
import { createEtcd3 } from '../client/etcdClient';
import { classifyError, withTimeout } from '../client/errors';
import { idToHex } from '../cluster/ids';
import { readStatusMessage, StatusMessage } from '../cluster/statusMessage';
import { readHashKv } from '../cluster/hashKv';
import type { ConnectionConfig } from '../config/connectionConfig';
import { parseEndpoint } from '../config/endpoints';

/** What one member says about itself and the cluster, each part or why it could not be read. */
export interface MemberView {
  id: string;
  name: string;
  url: string | undefined;
  isLearner: boolean;
  status?: StatusMessage;
  /** The member IDs (hex) this member lists. */
  memberIds?: string[];
  hash?: { revision: string; compactRevision: string; hash: number };
  latencyMs?: number;
  error?: string;
}

/**
 * Asks one member, on its own client URL, for its status, its member list and its
 * HashKV at `revision` (the same revision on every member, so the hashes compare),
 * all within `budgetMs`: a member that does not answer is a view with `error`, never a
 * report that does not end.
 */
export async function viewMember(
  config: ConnectionConfig,
  member: { id: string; name: string; clientURLs: string[]; isLearner: boolean },
  revision: string,
  budgetMs: number,
): Promise<MemberView> {
  const url = member.clientURLs[0];
  const view: MemberView = { id: member.id, name: member.name, url, isLearner: member.isLearner };
  if (!url) {
    return { ...view, error: 'not started: it has no client URL' };
  }
  const etcd: Etcd3 = createEtcd3(config, [parseEndpoint(url)], { retries: false });
  const deadline = Date.now() + budgetMs;
  const left = () => Math.max(1, deadline - Date.now());
  try {
    const started = process.hrtime.bigint();
    view.status = await withTimeout(readStatusMessage(etcd), left(), 'status', url);
    view.latencyMs = Number(process.hrtime.bigint() - started) / 1e6;
    const list = await withTimeout(etcd.cluster.memberList({}), left(), 'member list', url);
    view.memberIds = list.members.map(m => idToHex(m.ID)).sort();
    const hash = await withTimeout(readHashKv(etcd, revision), left(), 'HashKV', url);
    view.hash = { revision, ...hash };
  } catch (err) {
    view.error = classifyError(err).message;
  } finally {
    etcd.close();
  }
  return view;
}

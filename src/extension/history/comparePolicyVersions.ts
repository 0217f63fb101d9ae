import * as vscode from 'vscode';
import { policyOf } from '../../core/ztap/policyKey';
import { prefixRangeEnd } from '../../core/keys/keyRange';
import { keyToText } from '../../core/keys/keyText';
import type { Services } from '../services';
import { KeyNode } from '../keys/keyNode';
import { valueUri } from '../keys/valueUris';
import { Invocation, nodeOf } from '../commands/invocation';

/**
 * Compare Policy Versions...: ZTAP's own revision records of a policy
 * (`{prefix}/policies/revisions/<tenant>/<name>/<%020d>`), two picked, as decoded
 * YAML in the diff editor. They are kept by ZTAP, so this works after etcd compacted
 * its own history.
 */
export async function comparePolicyVersions(services: Services, invocation: Invocation, given?: string[]): Promise<void> {
  const config = services.connection.config;
  const key = nodeOf(invocation, KeyNode)?.key;
  const policy = key && config ? policyOf(key, config.keyPrefix) : undefined;
  if (!config || (!policy && !given)) {
    void vscode.window.showInformationMessage('ZTAP: pick a policy key (under policies/state or policies/revisions) in the tree first.');
    return;
  }
  let pair = given;
  if (!pair) {
    const folder = Buffer.from(`${config.keyPrefix}/policies/revisions/${policy!.tenant}/${policy!.name}/`);
    const res = await services.connection.requireSession().client.kv.range({ key: folder, range_end: prefixRangeEnd(folder), keys_only: true });
    const versions = res.kvs.map(kv => keyToText(kv.key)).sort();
    if (versions.length < 2) {
      void vscode.window.showInformationMessage(
        `ZTAP: ${policy!.tenant}/${policy!.name} has ${versions.length} revision record${versions.length === 1 ? '' : 's'}; two are needed to compare.`,
      );
      return;
    }
    const picked = await vscode.window.showQuickPick(
      versions.reverse().map((k, i) => ({ label: `version ${BigInt(k.slice(k.lastIndexOf('/') + 1))}`, key: k, picked: i < 2 })),
      { title: `ZTAP: Compare versions of ${policy!.tenant}/${policy!.name} (pick two)`, canPickMany: true },
    );
    if (!picked || picked.length !== 2) {
      if (picked) {
        void vscode.window.showInformationMessage('ZTAP: pick exactly two versions to compare.');
      }
      return;
    }
    pair = picked.map(p => p.key).sort();
  }
  const [older, newer] = pair;
  const label = (k: string) => BigInt(k.slice(k.lastIndexOf('/') + 1)).toString();
  const p = policyOf(older, config.keyPrefix);
  await vscode.commands.executeCommand(
    'vscode.diff',
    valueUri(older),
    valueUri(newer),
    `${p ? `${p.tenant}/${p.name}` : older}: version ${label(older)} ↔ version ${label(newer)}`,
  );
}

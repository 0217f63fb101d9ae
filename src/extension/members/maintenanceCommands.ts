import * as vscode from 'vscode';
import { compactTo, defragmentMember, disarmAlarms, readAlarms, revisionKeeping } from '../../core/cluster/maintenance';
import { parseEndpoint } from '../../core/config/endpoints';
import { formatBytes } from '../../core/values/valueFormat';
import type { Services } from '../services';
import { MemberNode } from './membersNode';
import { Invocation, nodeOf } from '../commands/invocation';

/** Compact...: drops etcd's history before a revision (default: keep the last 1,000). */
export async function compactHistory(services: Services, _invocation: Invocation, given?: string): Promise<string | undefined> {
  services.writes.refuseIfReadOnly("compact etcd's history");
  const session = services.connection.requireSession();
  const etcd = session.client;
  const { current, revision: suggested } = await revisionKeeping(etcd, 1000, `${session.config.keyPrefix}/`);
  const text =
    given ??
    (await vscode.window.showInputBox({
      title: `ZTAP: Compact etcd's history up to which revision? (etcd is at ${current}; the default keeps the last 1,000)`,
      value: suggested.toString(),
      validateInput: t => (/^\d+$/.test(t.trim()) && BigInt(t.trim()) >= 1n && BigInt(t.trim()) <= current ? undefined : `a revision from 1 to ${current}`),
    }));
  if (!text) {
    return undefined;
  }
  const revision = BigInt(text.trim());
  const ok = await services.dialogs.confirm(
    `ZTAP: compact etcd's history up to revision ${revision}?`,
    `Every version before revision ${revision} is gone for every watcher and tool (history, Show Changes, watches resuming from before it). etcd is at revision ${current}.`,
    'Compact',
  );
  if (!ok) {
    return undefined;
  }
  await services.writes.run(
    `compact etcd's history up to revision ${revision}`,
    e => compactTo(e, revision),
    () => `compacted up to revision ${revision}`,
  );
  void vscode.window.showInformationMessage(
    `ZTAP: compacted etcd's history up to revision ${revision}. Defragment each member to give the space back to the file system.`,
  );
  return revision.toString();
}

/** Defragment Member: one member (it stops serving while it runs), sizes before and after. */
export async function defragmentMemberCommand(services: Services, invocation: Invocation, given?: string): Promise<string | undefined> {
  services.writes.refuseIfReadOnly('defragment a member');
  const member = nodeOf(invocation, MemberNode)?.member;
  const url = member?.clientURLs[0] ?? given;
  if (!url) {
    void vscode.window.showInformationMessage('ZTAP: pick a member under Members first.');
    return undefined;
  }
  const ok = await services.dialogs.confirm(
    `ZTAP: defragment ${member?.name || url}?`,
    'The member stops serving requests while it runs (seconds on a small database, longer on a big one); clients move to the other members.',
    'Defragment',
  );
  if (!ok) {
    return undefined;
  }
  const config = services.connection.config!;
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `ZTAP: defragmenting ${member?.name || url}…` },
    () =>
      services.writes.run(
        `defragment ${url}`,
        () => defragmentMember(config, parseEndpoint(url)),
        r => `defragmented ${r.endpoint}: ${r.before.dbSize} -> ${r.after.dbSize} bytes`,
      ),
  );
  if (!result) {
    return undefined;
  }
  const summary = `${formatBytes(result.before.dbSize)} → ${formatBytes(result.after.dbSize)}`;
  void vscode.window.showInformationMessage(`ZTAP: defragmented ${member?.name || url}: ${summary}.`);
  services.tree.refresh();
  return summary;
}

/** Disarm Alarm: clears etcd's active alarms (after the space was freed). */
export async function disarmAlarm(services: Services): Promise<number | undefined> {
  services.writes.refuseIfReadOnly('disarm alarms');
  const etcd = services.connection.requireSession().client;
  const active = await readAlarms(etcd);
  if (active.length === 0) {
    void vscode.window.showInformationMessage('ZTAP: no active alarms.');
    return 0;
  }
  const ok = await services.dialogs.confirm(
    `ZTAP: disarm ${active.map(a => `${a.alarm} on ${a.memberId}`).join(', ')}?`,
    'Disarm after freeing space (Compact, then Defragment Member on each member): an alarm disarmed while the database is still over its quota is raised again at the next write.',
    'Disarm',
  );
  if (!ok) {
    return undefined;
  }
  const done = await services.writes.run(
    "disarm etcd's alarms",
    e => disarmAlarms(e),
    d => `disarmed ${d.map(a => a.alarm).join(', ')}`,
  );
  services.tree.refresh();
  return done?.length;
}

import * as vscode from 'vscode';
import { SHOW_AS, ShowAs } from '../../core/values/valueFormat';
import type { Services } from '../services';
import { valueUri } from './valueUris';
import type { Invocation } from '../commands/invocation';
import { keyTarget } from './keyTarget';
import { openKey } from './openKey';

/**
 * Show Value As...: text, JSON, YAML, hex or base64 (or automatic), for one key,
 * remembered for it in this workspace; its open editors follow, and it opens.
 */
export async function showValueAs(services: Services, invocation: Invocation, givenKey?: string, givenAs?: ShowAs): Promise<ShowAs | undefined> {
  const key = keyTarget(invocation, givenKey);
  if (!key) {
    void vscode.window.showInformationMessage('ZTAP: pick a key in the tree (or open its value) first.');
    return undefined;
  }
  const current = services.values.showAsOf(key) ?? 'auto';
  const as =
    givenAs ??
    (
      await vscode.window.showQuickPick(
        SHOW_AS.map(o => ({ ...o, label: o.as === current ? `$(check) ${o.label}` : o.label })),
        { title: `ZTAP: Show ${key} as` },
      )
    )?.as;
  if (!as) {
    return undefined;
  }
  await services.values.setShowAs(key, as);
  await openKey(services, invocation, valueUri(key));
  return as;
}

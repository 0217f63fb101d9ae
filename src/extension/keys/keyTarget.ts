import * as vscode from 'vscode';
import { KeyNode } from './keyNode';
import { keyOfUri, VALUE_SCHEME } from './valueUris';
import { Invocation, nodeOf } from '../commands/invocation';

/** The key a command acts on: its tree row, else the key given, else the active value editor's key. */
export function keyTarget(invocation: Invocation, given?: string): string | undefined {
  const uri = vscode.window.activeTextEditor?.document.uri;
  return nodeOf(invocation, KeyNode)?.key ?? given ?? (uri?.scheme === VALUE_SCHEME ? keyOfUri(uri) : undefined);
}

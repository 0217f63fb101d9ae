import * as vscode from 'vscode';
import { clockTime } from '../../core/text/clockTime';
import { ValueDocumentProvider, ValueRead } from './valueDocuments';
import { keyOfUri, VALUE_SCHEME } from './valueUris';
import { COMMANDS } from '../commands/commandIds';

/**
 * While a key's value is the active editor: which key it is, and at which revision
 * it was read ("mod rev 42 · read at rev 57, 18:49:05"). The document follows etcd by
 * itself; this says how current it is.
 */
export class ValueStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('ztap.valueRevision', vscode.StatusBarAlignment.Left, 10);
  private readonly disposables: vscode.Disposable[];

  constructor(private readonly values: ValueDocumentProvider) {
    this.item.name = 'ZTAP: value revision';
    this.disposables = [vscode.window.onDidChangeActiveTextEditor(() => this.update()), values.onDidRead(() => this.update())];
    this.update();
  }

  /** What the item says now (for tests), or undefined while hidden. */
  get text(): string | undefined {
    return this.visible ? this.item.text : undefined;
  }

  private visible = false;

  private update(): void {
    const uri = vscode.window.activeTextEditor?.document.uri;
    const read = uri?.scheme === VALUE_SCHEME ? this.values.readOf(uri) : undefined;
    if (!uri || !read) {
      this.visible = false;
      this.item.hide();
      return;
    }
    const readOnly = this.values.readOnlyOf(uri);
    const changed = this.values.changedInEtcdOf(uri);
    // After a conflict: what etcd has now, then what the edits were based on (not two bare "mod rev"s).
    this.item.text = changed
      ? `$(key) $(warning) ${changed === 'deleted' ? 'deleted in etcd' : `etcd now at mod rev ${changed}`} · your edits are of mod rev ${read.modRevision ?? 'none'} (read at rev ${read.revision})`
      : `$(key) ${readOnly ? '$(lock) read-only · ' : ''}${describeRead(read)}`;
    this.item.tooltip =
      `${keyOfUri(uri)}\nRead from etcd at revision ${read.revision}, ${read.at.toLocaleString()}.\n` +
      (changed
        ? 'The key changed in etcd since you opened it and you have unsaved edits: saving asks before it replaces that change.'
        : readOnly
          ? `Read-only: ${readOnly}. Click for why.`
          : 'A save writes only if nobody changed the key meanwhile; a clean document follows etcd by itself.');
    this.item.command = readOnly ? { command: COMMANDS.whyReadOnly, title: 'Why read-only?', arguments: [uri] } : undefined;
    this.visible = true;
    this.item.show();
  }

  dispose(): void {
    this.disposables.forEach(d => d.dispose());
    this.item.dispose();
  }
}

export function describeRead(read: ValueRead): string {
  return `${read.modRevision ? `mod rev ${read.modRevision}` : 'no such key'} · read at rev ${read.revision}, ${clockTime(read.at)}`;
}

import * as vscode from 'vscode';
import type { KeyChild } from '../../core/keys/keyChild';
import { COMMANDS } from '../commands/commandIds';
import { type TreeNode, withMenus } from '../tree/treeNode';
import { valueUri } from './valueUris';

/** A key under a folder of the Keys section (or of an open snapshot): opens its value. */
export class KeyNode implements TreeNode {
  readonly id: string;

  constructor(
    readonly key: string,
    private child: KeyChild,
    readonly parent?: TreeNode,
    /** The open snapshot or the past revision this key is read from (read-only), if it is not live. */
    private readonly source?: { snapshot?: string; revision?: string },
    /** A ZTAP policy's key: its menu has Compare Policy Versions. */
    private readonly policy = false,
  ) {
    this.id = `${source?.snapshot ? `snapshot/${source.snapshot}/` : source?.revision ? `rev/${source.revision}/` : ''}key/${key}`;
  }

  /** The open snapshot this key is read from, if any. */
  get snapshot(): string | undefined {
    return this.source?.snapshot;
  }

  /** The past revision this key shows, if any. */
  get revision(): string | undefined {
    return this.source?.revision;
  }

  /** The same row with what a newer listing says of the key. */
  update(child: KeyChild): this {
    this.child = child;
    return this;
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.child.name || '(empty name)', vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.iconPath = new vscode.ThemeIcon('key');
    const m = this.child.meta;
    // Listings read keys only, and etcd 3.7 answers those from its index without the
    // lease (docs/etcd-client-pitfalls.md): a lease is named where etcd sent one, never "none".
    const lease = m && m.lease !== '0' ? `, lease ${m.lease}` : '';
    item.tooltip = m ? `${this.key}\ncreate revision ${m.createRevision}, mod revision ${m.modRevision}, version ${m.version}${lease}` : this.key;
    withMenus(item, this.snapshot ? 'ztapSnapshotKey' : this.revision ? 'ztapPastKey' : this.policy ? 'ztapKey.policy' : 'ztapKey');
    item.command = { command: COMMANDS.openKey, title: 'Open Value', arguments: [valueUri(this.key, this.source ?? {})] };
    return item;
  }
}

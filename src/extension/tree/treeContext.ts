import type { Etcd3 } from 'etcd3';
import type { ConnectionConfig } from '../../core/config/connectionConfig';
import type { KeyIndex } from '../../core/keys/keyIndex';
import type { KeyListing } from '../../core/keys/keyChild';
import type { TreeNode } from './treeNode';
import type { LeaseClock } from '../leases/leaseClock';
import type { MemberHealthPoll } from '../../core/cluster/memberHealthPoll';
import type { KeyFilter } from '../../core/keys/keyFilter';

/** Where folder rows get their children: the live key index, or a snapshot file. */
export type FolderLister = Pick<KeyIndex, 'invalidate'> & { list(prefix: string): Promise<Pick<KeyListing, 'prefix' | 'revision' | 'children'>> };

/** What nodes need from the outside: the live client, the key index, a way to redraw one node. */
export interface TreeContext {
  client(): Etcd3;
  config(): ConnectionConfig;
  /** Folder listings of the current connection, kept current by the tree's watch (or of an open snapshot). */
  keyIndex(): FolderLister;
  /** Set under an open snapshot's root: its rows are read-only and open values from the file. */
  readonly snapshot?: string;
  /** Set under a past revision's root (Browse at Revision): read-only rows, values as they were then. */
  readonly revision?: string;
  refresh(node?: TreeNode): void;
  /** The filter over the live tree's keys (Filter Keys...), if one is set. */
  keyFilter(): KeyFilter | undefined;
  /** The live session's members' poll, shared with the status bar and the dashboard. */
  memberPoll(): MemberHealthPoll | undefined;
  /** Folder nodes announce themselves, so a change under a prefix can redraw its node. */
  registerFolder(prefix: string, node: TreeNode): void;
  /** When this window saw each revision that changed the election. */
  electionClock(): ReadonlyMap<string, Date>;
  /** Live TTL countdowns for rows that show a lease. */
  leaseClock(): LeaseClock;
  /** ZTAP's heartbeat interval (ztap.etcd.heartbeatInterval), for the Nodes view's last-seen warning. */
  heartbeatMs(): number;
  /** Hex lease IDs of this window's local election nodes. */
  localLeases(): Set<string>;
}

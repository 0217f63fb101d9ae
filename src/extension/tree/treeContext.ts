import type { Etcd3 } from 'etcd3';
import type { ConnectionConfig } from '../../core/config/connectionConfig';
import type { TreeNode } from './treeNode';

/** What nodes need from the outside: the live client and a way to redraw one node. */
export interface TreeContext {
  client(): Etcd3;
  config(): ConnectionConfig;
  refresh(node?: TreeNode): void;
}

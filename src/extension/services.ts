import type { ConnectionService } from './connectionService';
import type { Log } from './log';
import type { ClusterTreeProvider } from './tree/clusterTreeProvider';
import type { ValueDocumentProvider } from './valueDocuments';

/** The composition root's parts, handed to each command. */
export interface Services {
  log: Log;
  connection: ConnectionService;
  tree: ClusterTreeProvider;
  values: ValueDocumentProvider;
}

import type { Etcd3 } from 'etcd3';
import type { ConnectionService } from './connectionService';
import type { Log } from './log';

/**
 * The one door every write of the extension goes through: the connection's write
 * policy (read-only connections refuse, off-machine ones ask, naming the cluster),
 * then the work, which uses the core's guarded writes (core/writes), then a line in
 * the log: what was written and the revision it produced, never a value.
 */
/** Refuses at once on a read-only connection, before any question is asked. */
export function refuseIfReadOnly(connection: ConnectionService, what: string): void {
  connection.assertWritable(what);
}

export async function runWrite<T>(
  connection: ConnectionService,
  log: Log,
  what: string,
  work: (etcd: Etcd3) => Promise<T>,
  describe: (result: T) => string,
): Promise<T | undefined> {
  if (!(await connection.confirmWrite(what))) {
    return undefined;
  }
  const result = await work(connection.requireSession().client);
  log.info(`Write: ${describe(result)}`);
  return result;
}

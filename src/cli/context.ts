import type { Etcd3 } from 'etcd3';
import type { ConnectionConfig } from '../core/config/connectionConfig';
import type { ConnectionManager } from '../core/connection/connectionManager';
import { ConfigError } from '../core/config/configError';
import type { CliArgs } from './args';
import { printerFor, type Printer } from './output';

/** What every command gets: its arguments, the resolved config, and a way to connect. */
export interface CliContext {
  args: CliArgs;
  config: ConnectionConfig;
  /** Where results go: JSON or text, as --json chose. */
  out: Printer;
  /** Dials within the dial timeout; throws the classified failure. */
  connect(): Promise<Etcd3>;
}

export function createContext(args: CliArgs, config: ConnectionConfig, managerOf: () => Promise<ConnectionManager>): CliContext {
  return {
    args,
    config,
    out: printerFor(args.json),
    async connect() {
      const manager = await managerOf();
      const state = await manager.connect(config);
      if (state.kind === 'failed') {
        // A configuration problem (an unreadable TLS file, say) is bad input: exit 2.
        throw state.failure.kind === 'configuration' ? new ConfigError(state.failure.message) : state.failure;
      }
      return manager.requireSession().client;
    },
  };
}

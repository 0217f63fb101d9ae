import { ConfigError } from '../core/config/configError';
import type { ConnectionManager } from '../core/connection/connectionManager';
import { classifyError } from '../core/client/errors';
import { connectionFromArgs, parseCliArgs } from './args';
import { CliContext, createContext } from './context';
import { HELP } from './help';
import { UsageError } from './usageError';
import { ARGUMENTS } from './commandArguments';
import { ValueTooLarge, WriteConflict } from '../core/writes/writeErrors';

type Command = (ctx: CliContext) => Promise<number>;

// Loaded on use: the etcd client (grpc-js, protobufjs and etcd's .proto files) costs
// a good part of the start-up time; `snapshot status` and `--help` need none of it.
const COMMANDS: Record<string, () => Promise<Command>> = {
  test: async () => (await import('./commands/testCommand')).testCommand,
  members: async () => (await import('./commands/membersCommand')).membersCommand,
  leader: async () => (await import('./commands/leaderCommand')).leaderCommand,
  ls: async () => (await import('./commands/lsCommand')).lsCommand,
  get: async () => (await import('./commands/getCommand')).getCommand,
  elect: async () => (await import('./commands/electCommand')).electCommand,
  watch: async () => (await import('./commands/watchCommand')).watchCommand,
  snapshot: async () => (await import('./commands/snapshotCommand')).snapshotCommand,
  put: async () => (await import('./commands/putCommand')).putCommand,
  del: async () => (await import('./commands/delCommand')).delCommand,
  mv: async () => (await import('./commands/mvCommand')).mvCommand,
  export: async () => (await import('./commands/exportCommand')).exportCommand,
  import: async () => (await import('./commands/importCommand')).importCommand,
  history: async () => (await import('./commands/historyCommand')).historyCommand,
  changes: async () => (await import('./commands/changesCommand')).changesCommand,
  election: async () => (await import('./commands/electionCommand')).electionCommand,
  leases: async () => (await import('./commands/leasesCommand')).leasesCommand,
  nodes: async () => (await import('./commands/nodesCommand')).nodesCommand,
  alarms: async () => (await import('./commands/alarmsCommand')).alarmsCommand,
  compact: async () => (await import('./commands/compactCommand')).compactCommand,
  defrag: async () => (await import('./commands/defragCommand')).defragCommand,
};

/** Runs one CLI invocation and returns its exit status: 0 ok, 1 operational failure, 2 bad usage, 3 a write's guard failed. */
export async function main(argv: string[]): Promise<number> {
  let debug = argv.includes('--debug');
  let manager: ConnectionManager | undefined;
  try {
    const args = parseCliArgs(argv);
    debug = args.debug;
    if (args.help || args.command === undefined || args.command === 'help') {
      process.stdout.write(HELP);
      return args.command === undefined && !args.help ? 2 : 0;
    }
    const load = COMMANDS[args.command];
    if (!load) {
      throw new UsageError(`unknown command "${args.command}"`);
    }
    const extra = args.positionals[ARGUMENTS[args.command]];
    if (extra !== undefined) {
      throw new UsageError(`${args.command}: unexpected argument ${JSON.stringify(extra)}`);
    }
    const config = connectionFromArgs(args);
    const command = await load();
    return await command(
      createContext(args, config, async () => {
        const { ConnectionManager: Manager } = await import('../core/connection/connectionManager');
        manager ??= new Manager();
        return manager;
      }),
    );
  } catch (err) {
    return reportError(err, debug);
  } finally {
    manager?.dispose();
  }
}

function reportError(err: unknown, debug: boolean): number {
  if (err instanceof UsageError) {
    process.stderr.write(`ztap-etcd: ${err.message} (see ztap-etcd --help)\n`);
    return 2;
  }
  if (err instanceof WriteConflict || err instanceof ValueTooLarge) {
    process.stderr.write(`ztap-etcd: ${err.message}\n`);
    return err instanceof WriteConflict ? 3 : 2;
  }
  if (err instanceof ConfigError) {
    process.stderr.write(`ztap-etcd: ${err.message}\n`);
    return 2;
  }
  const failure = classifyError(err);
  process.stderr.write(`ztap-etcd: ${failure.message}\n`);
  if (failure.kind === 'configuration') {
    return 2;
  }
  if (debug && err instanceof Error && err.stack) {
    process.stderr.write(`${err.stack}\n`);
  }
  return 1;
}

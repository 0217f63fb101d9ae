import { ConfigError } from '../core/config/configError';
import { ConnectionManager } from '../core/connection/connectionManager';
import { classifyError } from '../core/client/errors';
import { connectionFromArgs, parseCliArgs } from './args';
import { electCommand } from './commands/electCommand';
import { getCommand } from './commands/getCommand';
import { leaderCommand } from './commands/leaderCommand';
import { lsCommand } from './commands/lsCommand';
import { membersCommand } from './commands/membersCommand';
import { snapshotCommand } from './commands/snapshotCommand';
import { testCommand } from './commands/testCommand';
import { watchCommand } from './commands/watchCommand';
import { CliContext, createContext } from './context';
import { HELP } from './help';
import { UsageError } from './usageError';

const COMMANDS: Record<string, (ctx: CliContext) => Promise<number>> = {
  test: testCommand,
  members: membersCommand,
  leader: leaderCommand,
  ls: lsCommand,
  get: getCommand,
  elect: electCommand,
  watch: watchCommand,
  snapshot: snapshotCommand,
};

/** Runs one CLI invocation and returns its exit status: 0 ok, 1 operational failure, 2 bad usage. */
export async function main(argv: string[]): Promise<number> {
  let debug = argv.includes('--debug');
  const manager = new ConnectionManager();
  try {
    const args = parseCliArgs(argv);
    debug = args.debug;
    if (args.help || args.command === undefined || args.command === 'help') {
      process.stdout.write(HELP);
      return args.command === undefined && !args.help ? 2 : 0;
    }
    const command = COMMANDS[args.command];
    if (!command) {
      throw new UsageError(`unknown command "${args.command}"`);
    }
    const config = connectionFromArgs(args);
    return await command(createContext(args, config, manager));
  } catch (err) {
    return reportError(err, debug);
  } finally {
    manager.dispose();
  }
}

function reportError(err: unknown, debug: boolean): number {
  if (err instanceof UsageError) {
    process.stderr.write(`ztap-etcd: ${err.message} (see ztap-etcd --help)\n`);
    return 2;
  }
  if (err instanceof ConfigError) {
    process.stderr.write(`ztap-etcd: ${err.message}\n`);
    return 2;
  }
  const failure = classifyError(err);
  process.stderr.write(`ztap-etcd: ${failure.message}\n`);
  if (debug && err instanceof Error && err.stack) {
    process.stderr.write(`${err.stack}\n`);
  }
  return 1;
}

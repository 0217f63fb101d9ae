import { ConfigError } from '../core/config/configError';
import type { ConnectionManager } from '../core/connection/connectionManager';
import { classifyError, PermissionDenied } from '../core/client/errors';
import { connectionFromArgs, parseCliArgs } from './args';
import { createContext } from './context';
import { findCommand } from './commandTable';
import { checkUsage, commandOf } from './commandUsage';
import { commandHelp, HELP } from './help';
import { UsageError } from './usageError';
import { ValueTooLarge, WriteConflict } from '../core/writes/writeErrors';
import { RefusedChange } from '../core/access/accessChanges';
import { RefusedMemberChange } from '../core/cluster/memberChanges';

/** Runs one CLI invocation and returns its exit status: 0 ok, 1 operational failure, 2 bad usage, 3 a write's guard failed. */
export async function main(argv: string[]): Promise<number> {
  let debug = argv.includes('--debug');
  let manager: ConnectionManager | undefined;
  try {
    const args = parseCliArgs(argv);
    debug = args.debug;
    if (args.command === undefined || args.command === 'help') {
      process.stdout.write(HELP);
      return args.command === undefined && !args.help ? 2 : 0;
    }
    if (args.help && !findCommand(args.command, args.positionals)) {
      process.stdout.write(HELP); // `snapshot --help`: the list shows each subcommand
      return 0;
    }
    const descriptor = commandOf(args.command, args.positionals);
    if (args.help) {
      process.stdout.write(commandHelp(descriptor));
      return 0;
    }
    checkUsage(descriptor, args);
    const config = connectionFromArgs(args);
    const command = await descriptor.load();
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
  if (err instanceof RefusedChange || err instanceof RefusedMemberChange) {
    process.stderr.write(`ztap-etcd: ${err.message}\n`);
    return 2;
  }
  if (err instanceof ConfigError) {
    process.stderr.write(`ztap-etcd: ${err.message}\n`);
    return 2;
  }
  const failure = classifyError(err);
  process.stderr.write(`ztap-etcd: ${failure.message}${failure instanceof PermissionDenied ? checkAccessHint(failure) : ''}\n`);
  if (failure.kind === 'configuration') {
    return 2;
  }
  if (debug && err instanceof Error && err.stack) {
    process.stderr.write(`${err.stack}\n`);
  }
  return 1;
}

/** The command that shows which permission would allow what was denied (one line with the error). */
function checkAccessHint(denied: PermissionDenied): string {
  const { request, user } = denied;
  if (!('op' in request) || !user) {
    return '';
  }
  const key = /^[\w/.:@-]+$/.test(request.key) ? request.key : `'${request.key.replace(/'/g, `'\\''`)}'`;
  return `; which role would allow it (as root): ztap-etcd access check ${user} ${key}${request.prefix ? ' --as-prefix' : ''}`;
}

import { GLOBAL_OPTIONS, type CliArgs } from './args';
import { type CommandDescriptor, findCommand, subcommandsOf } from './commandTable';
import { UsageError } from './usageError';

/** The command the words name, or a usage error saying what there is. */
export function commandOf(command: string, positionals: readonly string[]): CommandDescriptor {
  const found = findCommand(command, positionals);
  if (found) {
    return found;
  }
  const subcommands = subcommandsOf(command);
  if (subcommands.length === 0) {
    throw new UsageError(`unknown command "${command}"`);
  }
  const sub = positionals[0];
  throw new UsageError(
    `${command} needs a subcommand: ${subcommands.join(', ')}${sub === undefined ? '' : ` (got ${JSON.stringify(sub)})`}: ztap-etcd ${command} ${subcommands[0]} ...`,
  );
}

/** Refuses arguments beyond what the command takes, and options it does not take (exit 2, naming them). */
export function checkUsage(descriptor: CommandDescriptor, args: CliArgs): void {
  const words = descriptor.words.split(' ').length;
  const extra = args.positionals[descriptor.maxArgs + words - 1];
  if (extra !== undefined) {
    throw new UsageError(`${descriptor.words}: unexpected argument ${JSON.stringify(extra)}`);
  }
  const takes = new Set<string>([...Object.keys(GLOBAL_OPTIONS), ...descriptor.options]);
  const refused = args.given.filter(name => !takes.has(name));
  if (refused.length > 0) {
    const named = refused.map(name => `--${name}`).join(', ');
    const own = descriptor.options.length ? `; its own options: ${descriptor.options.map(name => `--${name}`).join(', ')}` : '';
    throw new UsageError(`${descriptor.words} does not take ${named}${own}`);
  }
}

import { COMMAND_OPTIONS, COMMAND_TABLE, type CommandDescriptor } from './commandTable';

/** Where a command's description starts: its words and arguments, padded to this. */
const COLUMN = 26;

/** A command's line(s) in the list: its usage, then what it does, continued under it. */
function commandLines(c: CommandDescriptor): string[] {
  const usage = `  ${c.words}${c.args ? ` ${c.args}` : ''}`;
  const indent = ' '.repeat(COLUMN);
  const [first, ...more] = c.help;
  const head = usage.length < COLUMN - 1 ? [`${usage.padEnd(COLUMN)}${first}`] : [usage, `${indent}${first}`];
  const own = c.options.length ? [`${indent}options: ${c.options.map(name => `--${name}`).join(' ')}`] : [];
  return [...head, ...more.map(line => `${indent}${line}`), ...own];
}

const GLOBAL_HELP = `Global options (every command; before or after it):
  --endpoints a,b     etcd endpoints: host:port, http://host:port or https://host:port
                      (env ZTAP_ETCD_ENDPOINTS, default localhost:2379)
  --dial-timeout 5s   how long to wait for etcd to answer when connecting (default 5s)
  --command-timeout 5s  each request's deadline (default 5s); a read that gets no answer
                      from one member within a quarter of it is also sent to the next
  --keepalive-time 2s, --keepalive-timeout 6s
                      a silent watch is checked after the keepalive time and moved to another
                      member without an answer in the timeout; gRPC pings (at most every 10 s,
                      as etcdctl's) drop a connection to a member that stopped answering
  --user NAME         etcd user (env ZTAP_ETCD_USERNAME)
  --password PW       etcd password (env ZTAP_ETCD_PASSWORD; prefer the env var)
  --cacert FILE       CA certificate for https endpoints
  --cert FILE         client certificate
  --key FILE          client key
  --prefix /ztap      ZTAP key prefix (default /ztap; / is the keyspace's root)
  --key-base64        the key or prefix argument is base64 (as --json prints a key that is not
                      UTF-8, with "keyEncoding":"base64"); without it, keys are given as ls
                      prints them: \\xHH is the byte HH and \\\\ a backslash
  --json              machine-readable output
  --debug             stack traces on errors
  -h, --help          this help

Exit status: 0 success, 1 etcd failure (unreachable, refused, auth, permission, timed out),
2 bad usage or configuration, 3 a write's guard failed (someone changed the key; nothing written),
130 snapshot save cancelled (Ctrl-C or SIGTERM; nothing is left).
`;

/** \`ztap-etcd --help\`: every command from the command table, then the global options. */
export const HELP = `ztap-etcd: look inside the etcd cluster behind ZTAP

Usage: ztap-etcd <command> [arguments] [options]; ztap-etcd <command> --help for one command

Commands:
${COMMAND_TABLE.flatMap(commandLines).join('\n')}

${GLOBAL_HELP}
`;

/** \`ztap-etcd <command> --help\`: its usage, what it does and the options it takes. */
export function commandHelp(c: CommandDescriptor): string {
  const options = c.options.map(name => `  ${COMMAND_OPTIONS[name].help}`);
  return [
    `Usage: ztap-etcd ${c.words}${c.args ? ` ${c.args}` : ''} [options]`,
    '',
    ...c.help,
    '',
    ...(options.length ? ['Options:', ...options, ''] : []),
    'Global options (--endpoints, --user, --json, ...): ztap-etcd --help',
    '',
  ].join('\n');
}

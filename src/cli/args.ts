import { parseArgs, type ParseArgsConfig } from 'util';

type ParseArgsOptionsConfig = NonNullable<ParseArgsConfig['options']>;
import { ConnectionConfig, ConnectionInput, Env, resolveConnection } from '../core/config/connectionConfig';
import { parseDuration } from '../core/config/duration';
import { splitEndpointList } from '../core/config/endpoints';
import { COMMAND_OPTIONS } from './commandTable';
import { UsageError } from './usageError';

export interface CliArgs {
  command: string | undefined;
  positionals: string[];
  json: boolean;
  debug: boolean;
  help: boolean;
  values: Record<string, string | boolean | undefined>;
  /** The options given, by name (a short one under its long name). */
  given: string[];
}

/** Options every command takes (the connection, output and help); they may stand before or after the command. */
export const GLOBAL_OPTIONS = {
  endpoints: { type: 'string' },
  'dial-timeout': { type: 'string' },
  'command-timeout': { type: 'string' },
  'keepalive-time': { type: 'string' },
  'keepalive-timeout': { type: 'string' },
  user: { type: 'string' },
  password: { type: 'string' },
  cacert: { type: 'string' },
  cert: { type: 'string' },
  key: { type: 'string' },
  prefix: { type: 'string' },
  'key-base64': { type: 'boolean' },
  json: { type: 'boolean' },
  debug: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Every option any command takes, for parsing; main.ts refuses one its command does not take. */
const OPTIONS: ParseArgsOptionsConfig = {
  ...GLOBAL_OPTIONS,
  ...Object.fromEntries(Object.entries(COMMAND_OPTIONS).map(([name, o]) => [name, 'short' in o ? { type: o.type, short: o.short } : { type: o.type }])),
};

export function parseCliArgs(argv: string[]): CliArgs {
  let parsed;
  try {
    parsed = parseArgs({ args: joinNegativeValues(argv), options: OPTIONS, allowPositionals: true, strict: true });
  } catch (err) {
    // parseArgs' own messages name the option; keep them, minus Node's error code.
    throw new UsageError((err as Error).message);
  }
  const [command, ...positionals] = parsed.positionals;
  const v = parsed.values as Record<string, string | boolean | undefined>;
  return { command, positionals, json: !!v.json, debug: !!v.debug, help: !!v.help, values: v, given: Object.keys(v) };
}

/**
 * `--dial-timeout -5s` is a negative value, not a missing one: parseArgs would answer
 * with three lines about ambiguity, so it is passed as `--dial-timeout=-5s` and
 * refused in one line by the option's own check.
 */
function joinNegativeValues(argv: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const name = argv[i].startsWith('--') ? argv[i].slice(2) : undefined;
    const option = name === undefined ? undefined : OPTIONS[name];
    if (option?.type === 'string' && /^-\d/.test(argv[i + 1] ?? '')) {
      out.push(`${argv[i]}=${argv[i + 1]}`);
      i++;
    } else {
      out.push(argv[i]);
    }
  }
  return out;
}

/** Flags first, then ZTAP_ETCD_* env vars, then the guide's defaults. */
export function connectionFromArgs(args: CliArgs, env: Env = process.env): ConnectionConfig {
  const v = args.values;
  const str = (name: string): string | undefined => (typeof v[name] === 'string' ? v[name] : undefined);
  const duration = (name: string): number | undefined => {
    const raw = str(name);
    return raw === undefined ? undefined : parseDuration(raw, `--${name}`);
  };
  const input: ConnectionInput = {
    endpoints: str('endpoints') !== undefined ? splitEndpointList(str('endpoints')!) : undefined,
    dialTimeoutMs: duration('dial-timeout'),
    requestTimeoutMs: duration('command-timeout'),
    keepaliveTimeMs: duration('keepalive-time'),
    keepaliveTimeoutMs: duration('keepalive-timeout'),
    username: str('user'),
    password: str('password'),
    keyPrefix: str('prefix'),
    tls: { caFile: str('cacert'), certFile: str('cert'), keyFile: str('key') },
  };
  return resolveConnection(input, env);
}

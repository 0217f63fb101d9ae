import type { CliContext } from './context';

export type Command = (ctx: CliContext) => Promise<number>;

/** An option one command or another takes (the global ones are in args.ts). */
export interface CommandOption {
  type: 'string' | 'boolean';
  short?: string;
  /** How help shows it: `--rev N  start at revision N`. */
  help: string;
}

/**
 * The options commands take beyond the global ones, each named once; a command lists
 * the ones it takes, and any other is a usage error (exit 2) naming it.
 */
export const COMMAND_OPTIONS = {
  address: { type: 'string', help: '--address host:port   the address the node registers (default 127.0.0.1:9090)' },
  rev: { type: 'string', help: '--rev N               at revision N (watch: from it)' },
  from: { type: 'string', help: '--from REV            after this revision' },
  to: { type: 'string', help: '--to REV              up to this revision (default now)' },
  keys: { type: 'boolean', help: "--keys                list each lease's keys" },
  strict: { type: 'boolean', help: '--strict              exit 1 on any warning' },
  disarm: { type: 'boolean', help: '--disarm              clear the alarms' },
  keep: { type: 'string', help: '--keep N              keep the last N revisions' },
  force: { type: 'boolean', help: '--force               take over a node id another live session registered' },
  'from-file': { type: 'string', help: '--from-file F         the value from file F' },
  lease: { type: 'string', help: '--lease HEX           attach the key to this lease' },
  'if-mod-revision': { type: 'string', help: '--if-mod-revision N   only if the key is at mod revision N (exit 3 if not)' },
  'if-absent': { type: 'boolean', help: '--if-absent           only if the key does not exist (exit 3 if it does)' },
  recursive: { type: 'boolean', short: 'r', help: '-r, --recursive       also every key under <key>/' },
  'dry-run': { type: 'boolean', help: '--dry-run             list what would be done, do nothing' },
  yes: { type: 'boolean', short: 'y', help: '-y, --yes             do not ask (needed off a terminal)' },
  out: { type: 'string', help: '--out F               write to file F instead of stdout' },
  overwrite: { type: 'boolean', help: '--overwrite           replace keys that exist (guarded)' },
  against: { type: 'string', help: '--against FILE        compare with another snapshot' },
  live: { type: 'boolean', help: '--live                compare with the cluster of --endpoints (the default)' },
  ttl: { type: 'string', help: '--ttl SECONDS         a lease of this TTL (elect: the session TTL, default 60)' },
  heartbeat: { type: 'string', help: '--heartbeat SECONDS   the heartbeat interval (default 5)' },
  'password-stdin': { type: 'boolean', help: '--password-stdin      read each password asked for as a line of stdin (never an argument)' },
  'ztap-user': { type: 'string', help: '--ztap-user NAME      the user setup-access makes for ZTAP (default ztap; its role NAME-role)' },
  'peer-urls': { type: 'string', help: "--peer-urls U[,U]     the member's peer URLs, as http://host:2380" },
  voter: { type: 'boolean', help: '--voter               add a voting member, not a learner (it counts in the quorum at once)' },
  depth: { type: 'string', help: '--depth N             folders this many levels down (default 1; 0: the folder alone)' },
  snapshot: { type: 'string', help: "--snapshot FILE       a snapshot file instead of etcd (adds the history's revisions and bytes)" },
  'as-prefix': { type: 'boolean', help: "--as-prefix           <key> as a prefix: every key starting with it (etcdctl's --prefix)" },
  'against-endpoints': { type: 'string', help: '--against-endpoints E  the other cluster (its password: ZTAP_ETCD_AGAINST_PASSWORD)' },
  'against-prefix': { type: 'string', help: '--against-prefix P    the folder there (default the same)' },
  'against-user': { type: 'string', help: '--against-user NAME   its user (or ZTAP_ETCD_AGAINST_USERNAME)' },
  'against-cacert': { type: 'string', help: '--against-cacert F    its CA file (also --against-cert, --against-key)' },
  'against-cert': { type: 'string', help: '--against-cert F      its client certificate' },
  'against-key': { type: 'string', help: '--against-key F       its client key' },
  leases: { type: 'boolean', help: '--leases              a lease on one side and none on the other is a difference' },
  'from-rev': { type: 'string', help: '--from-rev A          instead of another cluster: what changed after revision A, as a tree' },
  'to-rev': { type: 'string', help: '--to-rev B            up to revision B (default now)' },
  'to-endpoints': { type: 'string', help: '--to-endpoints E      the cluster copied to (its password: ZTAP_ETCD_TO_PASSWORD)' },
  'to-prefix': { type: 'string', help: '--to-prefix P         the folder there (default the same)' },
  'to-user': { type: 'string', help: '--to-user NAME        its user (or ZTAP_ETCD_TO_USERNAME)' },
  'to-cacert': { type: 'string', help: '--to-cacert F         its CA file (also --to-cert, --to-key)' },
  'to-cert': { type: 'string', help: '--to-cert F           its client certificate' },
  'to-key': { type: 'string', help: '--to-key F            its client key' },
  'election-timeout': { type: 'string', help: '--election-timeout S  how long an election request may take (default 15)' },
} as const satisfies Record<string, CommandOption>;

export type CommandOptionName = keyof typeof COMMAND_OPTIONS;

/**
 * One `ztap-etcd` command, declared in one place (as etcdctl declares each command's
 * usage, flags and run function together): `--help`, `<command> --help`, the argument
 * count, the options it takes, the code cache's command words and the README's list
 * (checked by a test) all come from here.
 */
export interface CommandDescriptor {
  /** Its words: `ls`, or a word and its subcommand (`snapshot status`). */
  readonly words: string;
  /** Its arguments after the words, as help shows them. */
  readonly args: string;
  /** How many arguments it takes after its words; more is a usage error. */
  readonly maxArgs: number;
  /** The options it takes beyond the global ones. */
  readonly options: readonly CommandOptionName[];
  /** What help says it does (lines). */
  readonly help: readonly string[];
  /** Its handler, loaded only when it runs: the etcd client costs start-up time (npm run bench). */
  readonly load: () => Promise<Command>;
}

const snapshot = async () => (await import('./commands/snapshotCommand')).snapshotCommand;
const access = () => import('./commands/accessCommand');
const changes = () => import('./commands/accessChangeCommands');
const memberChanges = () => import('./commands/memberChangeCommands');

export const COMMAND_TABLE: readonly CommandDescriptor[] = [
  {
    words: 'test',
    args: '',
    maxArgs: 0,
    options: [],
    help: ['check connectivity (the report of "ztap cluster test-etcd")'],
    load: async () => (await import('./commands/testCommand')).testCommand,
  },
  {
    words: 'members',
    args: '',
    maxArgs: 0,
    options: [],
    help: ['members with raft leader, status and health'],
    load: async () => (await import('./commands/membersCommand')).membersCommand,
  },
  {
    words: 'leader',
    args: '',
    maxArgs: 0,
    options: [],
    help: ['the current ZTAP leader and the candidates in line'],
    load: async () => (await import('./commands/leaderCommand')).leaderCommand,
  },
  {
    words: 'ls',
    args: '[prefix]',
    maxArgs: 1,
    options: ['rev'],
    help: ['immediate children of a folder with key counts (default {prefix}/)'],
    load: async () => (await import('./commands/lsCommand')).lsCommand,
  },
  {
    words: 'get',
    args: '<key>',
    maxArgs: 1,
    options: ['rev'],
    help: ['the raw value of a key (with --json: value and metadata)'],
    load: async () => (await import('./commands/getCommand')).getCommand,
  },
  {
    words: 'watch',
    args: '[prefix]',
    maxArgs: 1,
    options: ['rev'],
    help: ['every event under the prefix (default {prefix}/) until Ctrl-C, exactly once,', 'across reconnects; --json for JSON lines'],
    load: async () => (await import('./commands/watchCommand')).watchCommand,
  },
  {
    words: 'snapshot save',
    args: '<file>',
    maxArgs: 1,
    options: [],
    help: ['a verified snapshot from one member (the first of --endpoints); gives up', 'when the member sends nothing for --command-timeout'],
    load: snapshot,
  },
  {
    words: 'snapshot status',
    args: '<file>',
    maxArgs: 1,
    options: [],
    help: ['hash, revision, total keys and size (as etcdctl), and the sha256 trailer'],
    load: snapshot,
  },
  {
    words: 'snapshot ls',
    args: '<file> [prefix]',
    maxArgs: 2,
    options: [],
    help: ['a folder of the snapshot as ls shows one (no etcd needed)'],
    load: snapshot,
  },
  {
    words: 'snapshot get',
    args: '<file> <key>',
    maxArgs: 2,
    options: [],
    help: ["a key's value in the snapshot (with --json: value and metadata)"],
    load: snapshot,
  },
  {
    words: 'snapshot diff',
    args: '<file> [prefix]',
    maxArgs: 2,
    options: ['live', 'against'],
    help: ['keys added, changed and deleted since the snapshot: in the cluster of', '--endpoints (default) or in another snapshot'],
    load: snapshot,
  },
  {
    words: 'put',
    args: '<key> [value]',
    maxArgs: 2,
    options: ['from-file', 'lease', 'ttl', 'if-mod-revision', 'if-absent'],
    help: ['write a value (stdin when omitted or -); guarded by --if-mod-revision N', 'or --if-absent (exit 3 if not met)'],
    load: async () => (await import('./commands/putCommand')).putCommand,
  },
  {
    words: 'del',
    args: '<key>',
    maxArgs: 1,
    options: ['if-mod-revision', 'recursive', 'dry-run', 'yes'],
    help: [
      'delete a key; -r also every key under <key>/ (counted, asks on a terminal,',
      '--yes otherwise); what is deleted is saved first to a recovery file',
      '(printed) that "import" puts back',
    ],
    load: async () => (await import('./commands/delCommand')).delCommand,
  },
  {
    words: 'mv',
    args: '<from> <to>',
    maxArgs: 2,
    options: [],
    help: ['move a key with its lease in one transaction; <to> must not exist'],
    load: async () => (await import('./commands/mvCommand')).mvCommand,
  },
  {
    words: 'export',
    args: '<prefix>',
    maxArgs: 1,
    options: ['out'],
    help: ['every key under the folder at one revision, as JSON'],
    load: async () => (await import('./commands/exportCommand')).exportCommand,
  },
  {
    words: 'import',
    args: '<file>',
    maxArgs: 1,
    options: ['overwrite', 'dry-run'],
    help: ['keys from an export or recovery file; existing keys skipped'],
    load: async () => (await import('./commands/importCommand')).importCommand,
  },
  {
    words: 'history',
    args: '<key>',
    maxArgs: 1,
    options: [],
    help: ['every version etcd still has of a key, newest first, deletions included'],
    load: async () => (await import('./commands/historyCommand')).historyCommand,
  },
  {
    words: 'changes',
    args: '[prefix]',
    maxArgs: 1,
    options: ['from', 'to'],
    help: ['keys added, changed and deleted under the folder after revision --from', '(up to --to, default now); exit 1 when that revision was compacted'],
    load: async () => (await import('./commands/changesCommand')).changesCommand,
  },
  {
    words: 'leases',
    args: '',
    maxArgs: 0,
    options: ['keys'],
    help: ['every lease: ID, TTL left and granted, keys attached, what it is (a ZTAP node...)'],
    load: async () => (await import('./commands/leasesCommand')).leasesCommand,
  },
  {
    words: 'nodes',
    args: '',
    maxArgs: 0,
    options: ['strict', 'heartbeat'],
    help: ["ZTAP's nodes with their place in the election and warnings"],
    load: async () => (await import('./commands/nodesCommand')).nodesCommand,
  },
  {
    words: 'alarms',
    args: '',
    maxArgs: 0,
    options: ['disarm'],
    help: ["etcd's active alarms (NOSPACE, CORRUPT) and what to do"],
    load: async () => (await import('./commands/alarmsCommand')).alarmsCommand,
  },
  {
    words: 'compact',
    args: '[revision]',
    maxArgs: 1,
    options: ['keep', 'yes'],
    help: ["drop etcd's history before the revision, or all but the last --keep N", '(asks; --yes off a terminal)'],
    load: async () => (await import('./commands/compactCommand')).compactCommand,
  },
  {
    words: 'defrag',
    args: '',
    maxArgs: 0,
    options: [],
    help: ['defragment each endpoint given, one at a time (each stops serving while it runs)'],
    load: async () => (await import('./commands/defragCommand')).defragCommand,
  },
  {
    words: 'election history',
    args: '',
    maxArgs: 0,
    options: [],
    help: ["the terms of ZTAP's election: leader, lease, revisions, how each ended"],
    load: async () => (await import('./commands/electionCommand')).electionCommand,
  },
  {
    words: 'elect',
    args: '<node-id>',
    maxArgs: 1,
    options: ['address', 'ttl', 'heartbeat', 'election-timeout', 'force'],
    help: [
      "take part in ZTAP's election until Ctrl-C; one JSON line per state change;",
      'refuses (exit 2) a node id another live session has registered, unless --force',
    ],
    load: async () => (await import('./commands/electCommand')).electCommand,
  },
  {
    words: 'auth status',
    args: '',
    maxArgs: 0,
    options: [],
    help: ['whether etcd checks users and permissions (auth enabled or not)'],
    load: async () => (await access()).authStatusCommand,
  },
  {
    words: 'user ls',
    args: '',
    maxArgs: 0,
    options: [],
    help: ['every user with its roles (needs the root role when auth is on)'],
    load: async () => (await access()).userListCommand,
  },
  {
    words: 'user get',
    args: '<user>',
    maxArgs: 1,
    options: [],
    help: ["a user's roles and what each permits"],
    load: async () => (await access()).userGetCommand,
  },
  {
    words: 'role ls',
    args: '',
    maxArgs: 0,
    options: [],
    help: ['every role with its permissions (a key, a prefix, a range; read, write, readwrite)'],
    load: async () => (await access()).roleListCommand,
  },
  {
    words: 'role get',
    args: '<role>',
    maxArgs: 1,
    options: [],
    help: ["a role's permissions"],
    load: async () => (await access()).roleGetCommand,
  },
  {
    words: 'diagnose',
    args: '',
    maxArgs: 0,
    options: [],
    help: ['why the cluster is sick, worst first: members agree, HashKV, lag, alarms,', 'history, leases, metrics, ZTAP (exit 1 with a warning or worse)'],
    load: async () => (await import('./commands/diagnoseCommand')).diagnoseCommand,
  },
  {
    words: 'diff',
    args: '<prefix>',
    maxArgs: 1,
    options: ['against-endpoints', 'against-prefix', 'against-user', 'against-cacert', 'against-cert', 'against-key', 'leases', 'from-rev', 'to-rev'],
    help: ['how a folder differs on another cluster: keys only here, only there, and', 'with other values (each side read at one revision)'],
    load: async () => (await import('./commands/diffCommand')).diffCommand,
  },
  {
    words: 'copy',
    args: '<prefix>',
    maxArgs: 1,
    options: ['to-endpoints', 'to-prefix', 'to-user', 'to-cacert', 'to-cert', 'to-key', 'overwrite', 'dry-run', 'yes', 'ttl'],
    help: [
      'a folder to another cluster: keys missing there are created, differing ones',
      'replaced only with --overwrite, each guarded on what the preview saw (exit 3 when',
      'one was skipped); leases not copied unless --ttl',
    ],
    load: async () => (await import('./commands/copyCommand')).copyCommand,
  },
  {
    words: 'du',
    args: '[prefix]',
    maxArgs: 1,
    options: ['depth', 'snapshot'],
    help: [
      'where the space goes: keys, bytes of names and values, versions per folder',
      "(default {prefix}/), biggest first; from a --snapshot file also the history's bytes",
    ],
    load: async () => (await import('./commands/duCommand')).duCommand,
  },
  {
    words: 'member add',
    args: '<name>',
    maxArgs: 1,
    options: ['peer-urls', 'voter'],
    help: ['add a member (a learner unless --voter); prints the flags it must start with'],
    load: async () => (await memberChanges()).memberAddCommand,
  },
  {
    words: 'member promote',
    args: '<member>',
    maxArgs: 1,
    options: [],
    help: ['make a learner a voting member (etcd refuses until it has caught up)'],
    load: async () => (await memberChanges()).memberPromoteCommand,
  },
  {
    words: 'member remove',
    args: '<member>',
    maxArgs: 1,
    options: ['yes'],
    help: ['remove a member (refused when the voting members left that answer are', 'no quorum; the name typed, --yes off a terminal)'],
    load: async () => (await memberChanges()).memberRemoveCommand,
  },
  {
    words: 'member update',
    args: '<member>',
    maxArgs: 1,
    options: ['peer-urls'],
    help: ["change a member's peer URLs"],
    load: async () => (await memberChanges()).memberUpdateCommand,
  },
  {
    words: 'move-leader',
    args: '<member>',
    maxArgs: 1,
    options: [],
    help: ['make a voting member the raft leader (sent to the current leader)'],
    load: async () => (await memberChanges()).moveLeaderCommand,
  },
  {
    words: 'auth enable',
    args: '',
    maxArgs: 0,
    options: [],
    help: ['turn auth on (refused without a user root holding the root role)'],
    load: async () => (await changes()).authEnableCommand,
  },
  {
    words: 'auth disable',
    args: '',
    maxArgs: 0,
    options: ['yes'],
    help: ['turn auth off: every client then has full access (asks; --yes off a terminal)'],
    load: async () => (await changes()).authDisableCommand,
  },
  {
    words: 'user add',
    args: '<user>',
    maxArgs: 1,
    options: ['password-stdin'],
    help: ['add a user; its password asked on the terminal, or a line of stdin'],
    load: async () => (await changes()).userAddCommand,
  },
  {
    words: 'user del',
    args: '<user>',
    maxArgs: 1,
    options: ['yes'],
    help: ['delete a user (root is refused while auth is on)'],
    load: async () => (await changes()).userDeleteCommand,
  },
  {
    words: 'user passwd',
    args: '<user>',
    maxArgs: 1,
    options: ['password-stdin'],
    help: ["change a user's password"],
    load: async () => (await changes()).userPasswordCommand,
  },
  {
    words: 'user grant-role',
    args: '<user> <role>',
    maxArgs: 2,
    options: [],
    help: ['give a user a role'],
    load: async () => (await changes()).userGrantRoleCommand,
  },
  {
    words: 'user revoke-role',
    args: '<user> <role>',
    maxArgs: 2,
    options: ['yes'],
    help: ['take a role from a user'],
    load: async () => (await changes()).userRevokeRoleCommand,
  },
  {
    words: 'role add',
    args: '<role>',
    maxArgs: 1,
    options: [],
    help: ['add a role (no permissions yet)'],
    load: async () => (await changes()).roleAddCommand,
  },
  {
    words: 'role del',
    args: '<role>',
    maxArgs: 1,
    options: ['yes'],
    help: ['delete a role (its users lose it)'],
    load: async () => (await changes()).roleDeleteCommand,
  },
  {
    words: 'role grant',
    args: '<role> <read|write|readwrite> <key> [end]',
    maxArgs: 4,
    options: ['as-prefix'],
    help: ['let a role read and/or write a key, every key starting with it', '(--as-prefix), or the keys from <key> up to [end]'],
    load: async () => (await changes()).roleGrantCommand,
  },
  {
    words: 'role revoke',
    args: '<role> <key> [end]',
    maxArgs: 3,
    options: ['as-prefix', 'yes'],
    help: ['take a permission from a role (the same key, --as-prefix or end as granted)'],
    load: async () => (await changes()).roleRevokeCommand,
  },
  {
    words: 'setup-access',
    args: '',
    maxArgs: 0,
    options: ['ztap-user', 'password-stdin'],
    help: [
      "the guide's setup, what is missing of it: root with the root role, a ztap",
      'user, ztap-role with readwrite on {prefix}/, auth enabled; again: nothing',
    ],
    load: async () => (await changes()).setupAccessCommand,
  },
  {
    words: 'access check',
    args: '<user> <key>',
    maxArgs: 2,
    options: ['as-prefix'],
    help: ['whether <user> may read and write <key> (--as-prefix: every key starting', "with it), which role's permission allows it, or the grant that would"],
    load: async () => (await access()).accessCheckCommand,
  },
];

/**
 * The command `command` and `positionals` name: a word and subcommand first
 * (`snapshot status`), then the word alone; undefined when none is declared.
 */
export function findCommand(command: string, positionals: readonly string[]): CommandDescriptor | undefined {
  return COMMAND_TABLE.find(c => c.words === `${command} ${positionals[0]}`) ?? COMMAND_TABLE.find(c => c.words === command);
}

/** The subcommands of a word that has them (`snapshot`: save, status, ...), else []. */
export function subcommandsOf(command: string): string[] {
  return COMMAND_TABLE.filter(c => c.words.startsWith(`${command} `)).map(c => c.words.slice(command.length + 1));
}

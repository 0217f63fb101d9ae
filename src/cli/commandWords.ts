/**
 * The first word of every command, the names the code cache gives its files
 * (launch.ts). Apart from the command table on purpose: the launcher runs on every
 * start, and importing the table would bundle every command into it (1.5 MB compiled
 * without a cache, ~24 ms a run). A unit test holds the two lists equal.
 */
export const COMMAND_WORDS: ReadonlySet<string> = new Set([
  'access',
  'alarms',
  'auth',
  'changes',
  'compact',
  'copy',
  'defrag',
  'del',
  'diagnose',
  'diff',
  'du',
  'elect',
  'election',
  'export',
  'get',
  'history',
  'import',
  'leader',
  'leases',
  'ls',
  'member',
  'members',
  'move-leader',
  'mv',
  'nodes',
  'put',
  'role',
  'setup-access',
  'snapshot',
  'test',
  'user',
  'watch',
]);

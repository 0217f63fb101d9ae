// The command words; also read by launch.ts, which names a command's code cache after its word.

/** How many arguments each command takes after its name; more is a usage error. */
export const ARGUMENTS: Record<string, number> = {
  test: 0,
  members: 0,
  leader: 0,
  ls: 1,
  get: 1,
  elect: 1,
  watch: 1,
  snapshot: 3,
  put: 2,
  del: 1,
  mv: 2,
  export: 1,
  import: 1,
  history: 1,
  changes: 1,
  election: 1,
  leases: 0,
  nodes: 0,
  alarms: 0,
  compact: 1,
  defrag: 0,
};

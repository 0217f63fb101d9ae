export const HELP = `ztap-etcd: look inside the etcd cluster behind ZTAP

Usage: ztap-etcd <command> [arguments] [options]

Commands:
  test            check connectivity (the report of "ztap cluster test-etcd")
  members         members with raft leader, status and health
  leader          the current ZTAP leader and the candidates in line
  ls [prefix]     immediate children of a folder with key counts (default {prefix}/)
  get <key>       the raw value of a key (with --json: value and metadata)
  watch [prefix]  every event under the prefix (default {prefix}/) until Ctrl-C, exactly once,
                  across reconnects; [--rev N] to start at revision N; --json for JSON lines
  snapshot save <file>    a verified snapshot from one member (the first of --endpoints); gives up
                          when the member sends nothing for --command-timeout
  snapshot status <file>  hash, revision, total keys and size (as etcdctl), and the sha256 trailer
  snapshot ls <file> [prefix]   a folder of the snapshot as ls shows one (no etcd needed)
  snapshot get <file> <key>     a key's value in the snapshot (with --json: value and metadata)
  snapshot diff <file> [prefix] [--live | --against FILE]   keys added, changed and deleted since
                          the snapshot: in the cluster of --endpoints (default) or in another snapshot
  put <key> [value]       write a value (stdin when omitted or -, or --from-file F); --lease HEX or
                          --ttl SECONDS; guarded by --if-mod-revision N or --if-absent (exit 3 if not met)
  del <key>       delete a key [--if-mod-revision N]; -r also every key under <key>/ (counted, asks on
                  a terminal, --yes otherwise); --dry-run lists; what is deleted is saved first to a
                  recovery file (printed) that "import" puts back
  mv <from> <to>  move a key with its lease in one transaction; <to> must not exist
  export <prefix> [--out F]   every key under the folder at one revision, as JSON
  import <file> [--overwrite] [--dry-run]   keys from an export or recovery file; existing keys skipped
  history <key>   every version etcd still has of a key, newest first, deletions included
  changes [prefix] --from REV [--to REV]   keys added, changed and deleted under the folder
                  after revision REV (up to --to, default now); exit 1 when REV was compacted
  leases [--keys]   every lease: ID, TTL left and granted, keys attached, what it is (a ZTAP node...)
  nodes [--strict]  ZTAP's nodes with their place in the election and warnings (--strict: exit 1 on any)
  alarms [--disarm] etcd's active alarms (NOSPACE, CORRUPT) and what to do; --disarm clears them
  compact <revision> | --keep N   drop etcd's history before the revision (asks; --yes off a terminal)
  defrag          defragment each endpoint given, one at a time (each stops serving while it runs)
  election history  the terms of ZTAP's election: leader, lease, revisions, how each ended
  elect <node-id> take part in ZTAP's election until Ctrl-C; one JSON line per state change
                  [--address host:port] [--ttl 60] [--heartbeat 5] [--election-timeout 15]
                  refuses (exit 2) a node id another live session has registered, unless --force

Options (before or after the command):
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

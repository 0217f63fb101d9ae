import { keyToText } from '../keys/keyText';
import { prefixRangeEnd } from '../keys/keyRange';

/**
 * etcd's key permissions and how etcd decides with them, as its auth store does:
 * each user's permissions from all its roles merged into one set of intervals per
 * operation (read, write), a single key asked for allowed when one interval holds it,
 * a range allowed only when the merged intervals cover all of it. A permission's
 * range end is empty for one key, `\0` for "from the key on", else the end
 * (exclusive): a prefix is the range up to the prefix's end.
 */

export type PermissionType = 'read' | 'write' | 'readwrite';
export type Operation = 'read' | 'write';

export interface KeyPermission {
  type: PermissionType;
  key: Buffer;
  /** Empty: the key alone; `\0`: every key from `key` on. */
  rangeEnd: Buffer;
}

export interface Role {
  name: string;
  permissions: KeyPermission[];
}

export interface User {
  name: string;
  roles: string[];
}

/** What a request covers: one key, or the keys from `key` up to `rangeEnd` (empty end: no end). */
export interface KeyRange {
  key: Buffer;
  /** Undefined: the key alone. Empty or `\0`: every key from `key` on. */
  rangeEnd?: Buffer;
}

/** The range of a prefix, as `etcdctl --prefix` asks for it. */
export function prefixRange(prefix: Buffer): KeyRange {
  return { key: prefix, rangeEnd: prefixRangeEnd(prefix) };
}

export type PermissionScope =
  { kind: 'key'; key: Buffer } | { kind: 'prefix'; prefix: Buffer } | { kind: 'from'; key: Buffer } | { kind: 'range'; key: Buffer; end: Buffer };

/** What a permission's key and range end mean: a key, a prefix, "from a key on", or a range. */
export function scopeOf(key: Buffer, rangeEnd: Buffer): PermissionScope {
  if (rangeEnd.length === 0) {
    return { kind: 'key', key };
  }
  if (rangeEnd.length === 1 && rangeEnd[0] === 0) {
    return key.length === 0 ? { kind: 'prefix', prefix: key } : { kind: 'from', key };
  }
  if (key.length > 0 && prefixRangeEnd(key).equals(rangeEnd)) {
    return { kind: 'prefix', prefix: key };
  }
  return { kind: 'range', key, end: rangeEnd };
}

/** "readwrite prefix /ztap/", "read key /a", "write range [a, c)", "read from /a on". */
export function describePermission(p: KeyPermission): string {
  const scope = scopeOf(p.key, p.rangeEnd);
  switch (scope.kind) {
    case 'key':
      return `${p.type} key ${keyToText(scope.key)}`;
    case 'prefix':
      return scope.prefix.length === 0 ? `${p.type} every key` : `${p.type} prefix ${keyToText(scope.prefix)}`;
    case 'from':
      return `${p.type} from ${keyToText(scope.key)} on`;
    case 'range':
      return `${p.type} range [${keyToText(scope.key)}, ${keyToText(scope.end)})`;
  }
}

/** The etcdctl arguments that grant `p` to `role` (what a denial suggests). */
export function grantCommand(role: string, p: KeyPermission): string {
  const scope = scopeOf(p.key, p.rangeEnd);
  const quote = (b: Buffer) => `'${keyToText(b).replace(/'/g, `'\\''`)}'`;
  const base = `etcdctl role grant-permission ${role} ${p.type}`;
  switch (scope.kind) {
    case 'key':
      return `${base} ${quote(scope.key)}`;
    case 'prefix':
      return `${base} ${quote(scope.prefix)} --prefix`;
    case 'from':
      return `${base} ${quote(scope.key)} --from-key`;
    case 'range':
      return `${base} ${quote(scope.key)} ${quote(scope.end)}`;
  }
}

/** Half-open [begin, end); `end` undefined: no end. */
interface Interval {
  begin: Buffer;
  end: Buffer | undefined;
}

function intervalOfPermission(p: KeyPermission): Interval {
  if (p.rangeEnd.length === 0) {
    return { begin: p.key, end: Buffer.concat([p.key, Buffer.from([0])]) };
  }
  return { begin: p.key, end: p.rangeEnd.length === 1 && p.rangeEnd[0] === 0 ? undefined : p.rangeEnd };
}

function intervalOfRequest(r: KeyRange): Interval {
  if (r.rangeEnd === undefined) {
    return intervalOfPermission({ type: 'read', key: r.key, rangeEnd: Buffer.alloc(0) });
  }
  const open = r.rangeEnd.length === 0 || (r.rangeEnd.length === 1 && r.rangeEnd[0] === 0);
  return { begin: r.key, end: open ? undefined : r.rangeEnd };
}

/** a < b for interval ends, undefined being past every key. */
function endBefore(a: Buffer | undefined, b: Buffer | undefined): boolean {
  return a !== undefined && (b === undefined || Buffer.compare(a, b) < 0);
}

function intersects(a: Interval, b: Interval): boolean {
  return endBefore(a.begin, b.end) && endBefore(b.begin, a.end);
}

function grants(type: PermissionType, op: Operation): boolean {
  return type === 'readwrite' || type === op;
}

/** One role's permission that takes part in allowing a request. */
export interface Grant {
  role: string;
  permission: KeyPermission;
}

export type Decision =
  | { allowed: true; because: 'the root role'; grants: [] }
  | { allowed: true; because: 'permissions'; grants: Grant[] }
  /** `partly`: permissions that cover some of the range, but not all. */
  | { allowed: false; partly: Grant[]; wanted: KeyPermission };

/**
 * Whether `user` may do `op` on `request`, and which permissions of which roles allow
 * it: every permission whose interval meets the request when they cover it together.
 * A role the user names that does not exist grants nothing, as in etcd. (With auth
 * off etcd allows everything: the caller says so.)
 */
export function decide(user: User, roles: ReadonlyMap<string, Role>, request: KeyRange, op: Operation): Decision {
  if (user.roles.includes('root')) {
    return { allowed: true, because: 'the root role', grants: [] };
  }
  const wantedRange = intervalOfRequest(request);
  const meeting: Array<Grant & { interval: Interval }> = [];
  for (const roleName of user.roles) {
    for (const permission of roles.get(roleName)?.permissions ?? []) {
      const interval = intervalOfPermission(permission);
      if (grants(permission.type, op) && intersects(interval, wantedRange)) {
        meeting.push({ role: roleName, permission, interval });
      }
    }
  }
  meeting.sort((a, b) => Buffer.compare(a.interval.begin, b.interval.begin));
  // Swept from the request's start: a gap before the request's end denies it.
  let reached: Buffer | undefined = wantedRange.begin;
  for (const m of meeting) {
    if (reached === undefined || !endBefore(reached, wantedRange.end)) {
      break;
    }
    if (Buffer.compare(m.interval.begin, reached) > 0) {
      break;
    }
    if (!endBefore(m.interval.end, reached)) {
      reached = m.interval.end;
    }
  }
  const grantsOf = meeting.map(({ role, permission }) => ({ role, permission }));
  if (!endBefore(reached, wantedRange.end)) {
    return { allowed: true, because: 'permissions', grants: grantsOf };
  }
  const wanted: KeyPermission = {
    type: op,
    key: request.key,
    rangeEnd: request.rangeEnd === undefined ? Buffer.alloc(0) : request.rangeEnd.length === 0 ? Buffer.from([0]) : request.rangeEnd,
  };
  return { allowed: false, partly: grantsOf, wanted };
}

import { Decision, describePermission, grantCommand } from './permissions';

/**
 * One line for people: "ztap may read /ztap/x: ztap-role (readwrite prefix /ztap/)", or
 * for a denial the permissions that cover part of it and the grant that would allow it
 * (to the user's first role, else `<role>`). The CLI and Check Access print the same.
 */
export function decisionLine(user: string, op: string, what: string, d: Decision, roles: readonly string[]): string {
  if (d.allowed) {
    const by = d.because === 'permissions' ? d.grants.map(g => `${g.role} (${describePermission(g.permission)})`).join(', ') : d.because;
    return `${user} may ${op} ${what}: ${by}`;
  }
  const partly = d.partly.length > 0 ? `; only part of it: ${d.partly.map(g => `${g.role} (${describePermission(g.permission)})`).join(', ')}` : '';
  return `${user} may not ${op} ${what}: no role allows it${partly}. It needs ${describePermission(d.wanted)}: ${grantCommand(roles[0] ?? '<role>', d.wanted)}`;
}

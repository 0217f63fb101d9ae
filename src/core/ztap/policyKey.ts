/** `{prefix}/policies/<state|revisions|updates>/<tenant>/<name>[/<version>]`: the policy's tenant and name. */
export function policyOf(key: string, keyPrefix: string): { tenant: string; name: string } | undefined {
  const rest = key.startsWith(`${keyPrefix}/policies/`) ? key.slice(`${keyPrefix}/policies/`.length).split('/') : [];
  return rest.length >= 3 && rest[1] && rest[2] ? { tenant: rest[1], name: rest[2] } : undefined;
}

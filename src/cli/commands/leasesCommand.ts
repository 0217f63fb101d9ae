import { deniedOn } from '../../core/client/errors';
import { leaseDetails, leaseIds } from '../../core/leases/leaseList';
import { leaseKinds } from '../../core/leases/leaseKinds';
import type { CliContext } from '../context';
import { formatTable } from '../output';

/** `ztap-etcd leases [--keys]`: every lease with its TTLs, key count and what it is for. */
export async function leasesCommand(ctx: CliContext): Promise<number> {
  const etcd = await ctx.connect();
  const leases = await leaseDetails(etcd, await leaseIds(etcd)).catch(err => {
    throw deniedOn(err, 'the leases', ctx.config.username);
  });
  const kinds = await leaseKinds(etcd, leases, ctx.config.keyPrefix, ctx.config.electionKey);
  const withKeys = ctx.args.values.keys === true;
  const rows = leases.map(l => ({ lease: l, kind: kinds.get(l.id) }));
  ctx.out.records(
    rows,
    ({ lease, kind }) => ({
      id: lease.hex,
      grantedTtl: lease.grantedTtl,
      ttl: lease.ttl,
      keyCount: lease.keyCount,
      kind: kind?.label ?? null,
      ...(withKeys ? { keys: lease.keys } : {}),
    }),
    () => {
      const lines = [`${leases.length} lease${leases.length === 1 ? '' : 's'}`];
      if (leases.length) {
        lines.push(
          ...formatTable(
            ['ID', 'TTL', 'GRANTED', 'KEYS', 'WHAT'],
            rows.map(({ lease, kind }) => [
              lease.hex,
              lease.ttl < 0 ? 'gone' : `${lease.ttl}s`,
              `${lease.grantedTtl}s`,
              String(lease.keyCount),
              kind?.label ?? '',
            ]),
          ),
        );
        if (withKeys) {
          for (const { lease } of rows) {
            lines.push(`${lease.hex}:`, ...(lease.keys ?? []).map(k => `  ${k}`));
          }
        }
      }
      return lines;
    },
  );
  return 0;
}

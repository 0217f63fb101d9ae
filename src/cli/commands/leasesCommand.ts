import { deniedOn } from '../../core/client/errors';
import { leaseDetails, leaseIds } from '../../core/leases/leaseList';
import { leaseKind } from '../../core/leases/leaseKinds';
import { keyFromText } from '../../core/keys/keyText';
import type { CliContext } from '../context';
import { formatTable, printJson, printLines } from '../output';

/** `ztap-etcd leases [--keys]`: every lease with its TTLs, key count and what it is for. */
export async function leasesCommand(ctx: CliContext): Promise<number> {
  const etcd = await ctx.connect();
  const leases = await leaseDetails(etcd, await leaseIds(etcd)).catch(err => {
    throw deniedOn(err, 'the leases');
  });
  // The values of election keys tell a ZTAP node from an etcdctl elect participant.
  const election = `${ctx.config.electionKey.replace(/\/$/, '')}/`;
  const values = new Map<string, Buffer>();
  await Promise.all(
    leases
      .flatMap(l => l.keys ?? [])
      .filter(k => k.startsWith(election))
      .map(async k => values.set(k, (await etcd.kv.range({ key: keyFromText(k) })).kvs[0]?.value ?? Buffer.alloc(0))),
  );
  const withKeys = ctx.args.values.keys === true;
  const rows = leases.map(l => ({ lease: l, kind: leaseKind(l.keys ?? [], values, ctx.config.keyPrefix, ctx.config.electionKey) }));
  if (ctx.args.json) {
    for (const { lease, kind } of rows) {
      printJson({
        id: lease.hex,
        grantedTtl: lease.grantedTtl,
        ttl: lease.ttl,
        keyCount: lease.keyCount,
        kind: kind?.label ?? null,
        ...(withKeys ? { keys: lease.keys } : {}),
      });
    }
    return 0;
  }
  const lines = [`${leases.length} lease${leases.length === 1 ? '' : 's'}`];
  if (leases.length) {
    lines.push(
      ...formatTable(
        ['ID', 'TTL', 'GRANTED', 'KEYS', 'WHAT'],
        rows.map(({ lease, kind }) => [lease.hex, lease.ttl < 0 ? 'gone' : `${lease.ttl}s`, `${lease.grantedTtl}s`, String(lease.keyCount), kind?.label ?? '']),
      ),
    );
    if (withKeys) {
      for (const { lease } of rows) {
        lines.push(`${lease.hex}:`, ...(lease.keys ?? []).map(k => `  ${k}`));
      }
    }
  }
  printLines(lines);
  return 0;
}

import { readFile } from 'fs/promises';
import { ConfigError } from '../../core/config/configError';
import { parseDuration } from '../../core/config/duration';
import { deniedOn } from '../../core/client/errors';
import { Expectation, guardedPut } from '../../core/writes/guardedWrites';
import type { CliContext } from '../context';
import { keyArgument } from '../keyArgument';
import { UsageError } from '../usageError';
import { expectationFromArgs, readStdin } from './writeArgs';

/**
 * `ztap-etcd put <key> [value]`: the value from the argument, stdin (omitted or `-`)
 * or `--from-file`; `--lease HEX` or `--ttl SECONDS` (a new lease); guarded by
 * `--if-mod-revision N` or `--if-absent`. A failed guard exits 3.
 */
export async function putCommand(ctx: CliContext): Promise<number> {
  const [rawKey, rawValue] = ctx.args.positionals;
  const key = keyArgument(ctx.args, rawKey, 'put');
  if (key === undefined || key === '') {
    throw new UsageError(`put needs a key${key === '' ? ' (it was empty)' : ''}: ztap-etcd put <key> [value]`);
  }
  const v = ctx.args.values;
  const fromFile = typeof v['from-file'] === 'string' ? v['from-file'] : undefined;
  if (fromFile !== undefined && rawValue !== undefined) {
    throw new UsageError('put takes the value as an argument or --from-file, not both');
  }
  if (typeof v.lease === 'string' && typeof v.ttl === 'string') {
    throw new UsageError('put takes --lease (an existing lease) or --ttl (a new one), not both');
  }
  const expect: Expectation = expectationFromArgs(ctx.args, 'put');
  const value = fromFile !== undefined ? await readValueFile(fromFile) : rawValue === undefined || rawValue === '-' ? await readStdin() : Buffer.from(rawValue);
  const etcd = await ctx.connect();
  let lease: string | undefined;
  if (typeof v.lease === 'string') {
    if (!/^[0-9a-fA-F]{1,16}$/.test(v.lease)) {
      throw new UsageError(`--lease must be a lease ID in hex (as etcdctl and ztap-etcd print it), not ${JSON.stringify(v.lease)}`);
    }
    lease = BigInt(`0x${v.lease}`).toString();
  } else if (typeof v.ttl === 'string') {
    const seconds = parseDuration(v.ttl, '--ttl') / 1000;
    if (!Number.isInteger(seconds)) {
      throw new ConfigError(`Invalid --ttl ${v.ttl}: use whole seconds.`);
    }
    lease = (await etcd.leaseClient.leaseGrant({ TTL: seconds })).ID;
  }
  const result = await guardedPut(etcd, key, value, expect, { lease }).catch(err => {
    throw deniedOn(err, { op: 'write', key }, ctx.config.username);
  });
  const leaseHex = lease ? BigInt(lease).toString(16) : '0';
  ctx.out.result(
    () => ({ key, revision: result.revision, size: value.length, lease: leaseHex }),
    () => [`OK: ${key} written at revision ${result.revision} (${value.length} bytes${lease ? `, lease ${leaseHex}` : ''})`],
  );
  return 0;
}

async function readValueFile(path: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (err) {
    throw new ConfigError(`Cannot read the value from ${path}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}.`);
  }
}

import { UsageError } from '../usageError';

/** A revision option (`--from`, `--to`): a whole number from 0 to int64's maximum, or undefined when not given. */
export function revisionOption(value: string | boolean | undefined, name: string): bigint | undefined {
  if (value === undefined) {
    return undefined;
  }
  if (typeof value !== 'string' || !/^\d+$/.test(value) || BigInt(value) > 2n ** 63n - 1n) {
    throw new UsageError(`${name} must be a revision: a whole number such as 1234 (got ${JSON.stringify(value)})`);
  }
  return BigInt(value);
}

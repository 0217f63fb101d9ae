import type { Expectation } from '../../core/writes/guardedWrites';
import type { CliArgs } from '../args';
import { UsageError } from '../usageError';

/** `--if-mod-revision N` or `--if-absent` (put only); no guard otherwise. */
export function expectationFromArgs(args: CliArgs, command: string): Expectation {
  const v = args.values;
  const mod = v['if-mod-revision'];
  if (mod !== undefined && v['if-absent']) {
    throw new UsageError(`${command} takes --if-mod-revision or --if-absent, not both`);
  }
  if (typeof mod === 'string') {
    if (!/^[1-9]\d*$/.test(mod) || BigInt(mod) > 2n ** 63n - 1n) {
      throw new UsageError(`--if-mod-revision must be a revision number (1 or more), not ${JSON.stringify(mod)}`);
    }
    return { kind: 'mod', modRevision: mod };
  }
  if (v['if-absent']) {
    return { kind: 'absent' };
  }
  return { kind: 'any' };
}

/** All of stdin, as bytes (a value may be binary). */
export async function readStdin(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) {
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

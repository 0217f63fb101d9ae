import { keyFromBase64, keyFromText, KeyTextError, keyToText } from '../core/keys/keyText';
import type { CliArgs } from './args';
import { UsageError } from './usageError';

/**
 * A key or prefix given on the command line, in the text form the core uses
 * (keyText.ts): as `ls` prints it, `\xHH` for a byte and `\\` for a backslash, or,
 * with --key-base64, its exact bytes in base64 (what `--json` prints with
 * "keyEncoding":"base64").
 */
export function keyArgument(args: CliArgs, given: string | undefined, what: string): string | undefined {
  if (given === undefined) {
    return undefined;
  }
  if (args.values['key-base64']) {
    const bytes = keyFromBase64(given);
    if (!bytes) {
      throw new UsageError(`--key-base64: ${JSON.stringify(given)} is not base64 (as --json prints keys with "keyEncoding":"base64")`);
    }
    return keyToText(bytes);
  }
  try {
    keyFromText(given);
  } catch (err) {
    if (err instanceof KeyTextError) {
      throw new UsageError(`${what}: ${err.message}`);
    }
    throw err;
  }
  return given;
}

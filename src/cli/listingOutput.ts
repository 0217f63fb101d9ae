import type { KeyListing } from '../core/keys/keyChild';
import { keyFromText, keyToJson } from '../core/keys/keyText';
import type { CliContext } from './context';

/** A folder's children as `ls` prints them (also `snapshot ls`): names with counts, or JSON. */
export function printListing(ctx: CliContext, listing: KeyListing): void {
  ctx.out.result(
    () => ({
      prefix: listing.prefix,
      revision: listing.revision,
      children: listing.children.map(({ name, isKey, isFolder, keys }) => ({ ...nameJson(name), isKey, isFolder, keys })),
    }),
    () => {
      const lines = listing.children.map(c => {
        const label = c.isFolder ? `${c.name}/` : c.name;
        const also = c.isFolder && c.isKey ? ' (also a key)' : '';
        return c.isFolder ? `${label}  ${c.keys} key${c.keys === 1 ? '' : 's'}${also}` : label;
      });
      return lines.length ? lines : [`(no keys under ${listing.prefix})`];
    },
  );
}

/** A child's name exactly: `name`, plus `"nameEncoding":"base64"` when its bytes are not UTF-8. */
function nameJson(name: string): { name: string; nameEncoding?: 'base64' } {
  const { key, keyEncoding } = keyToJson(keyFromText(name));
  return keyEncoding ? { name: key, nameEncoding: keyEncoding } : { name: key };
}

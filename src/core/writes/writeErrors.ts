import { formatBytes } from '../values/valueFormat';

// The write errors and guards, apart from guardedWrites.ts so that the CLI's error
// reporting can name them without loading the etcd client.

/** A key's identity in time: which life of the key (create) and which version of it (mod). */
export interface KeyVersion {
  modRevision: string;
  createRevision: string;
}

/** What a write expects the key to be when it lands. */
export type Expectation =
  /** The version the writer read (an editor's loaded version): unchanged since. */
  | { kind: 'version'; version: KeyVersion }
  /** Only its mod revision (`--if-mod-revision N`). */
  | { kind: 'mod'; modRevision: string }
  /** The key must not exist: a create never replaces. */
  | { kind: 'absent' }
  /** No condition: the user asked for it by name (`put` without a guard, Overwrite after a conflict is a `version` guard instead). */
  | { kind: 'any' };

/** etcd's default --max-request-bytes (1.5 MiB): a bigger put is refused by etcd. */
export const MAX_REQUEST_BYTES = 1.5 * 1024 * 1024;

/** The guard did not hold: nothing was written. */
export class WriteConflict extends Error {
  constructor(
    readonly key: string,
    readonly expected: Expectation,
    /** The key as it is now; null when it does not exist. */
    readonly current: KeyVersion | null,
  ) {
    super(describeConflict(key, expected, current));
    this.name = 'WriteConflict';
  }
}

/** The value would exceed etcd's request limit: refused before sending. */
export class ValueTooLarge extends Error {
  constructor(
    readonly key: string,
    readonly bytes: number,
  ) {
    super(
      `The value for ${key} is ${formatBytes(bytes)} (${bytes} bytes): over etcd's request limit of ${formatBytes(MAX_REQUEST_BYTES)} ` +
        '(--max-request-bytes, 1.5 MiB unless the cluster sets more). Nothing was written.',
    );
    this.name = 'ValueTooLarge';
  }
}

function describeConflict(key: string, expected: Expectation, current: KeyVersion | null): string {
  if (expected.kind === 'absent') {
    return current
      ? `${key} already exists (created at revision ${current.createRevision}, last changed at revision ${current.modRevision}); nothing was written`
      : `${key}: the write did not apply; nothing was written`;
  }
  const want =
    expected.kind === 'version' ? `mod revision ${expected.version.modRevision}` : expected.kind === 'mod' ? `mod revision ${expected.modRevision}` : 'the key';
  if (!current) {
    return `${key} was deleted: expected ${want}, etcd has no such key; nothing was written`;
  }
  const recreated = expected.kind === 'version' && expected.version.createRevision !== current.createRevision ? ' (deleted and created again since)' : '';
  return `${key} changed: expected ${want}, etcd has mod revision ${current.modRevision}${recreated}; nothing was written`;
}

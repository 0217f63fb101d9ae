import type { Services } from '../services';

/** Refresh the whole tree; a failed or idle connection is dialled again first. */
export async function refresh({ connection, tree }: Services): Promise<void> {
  if (connection.state.kind === 'connected') {
    tree.keyIndex?.invalidate();
    tree.refresh();
  } else {
    await connection.connect();
  }
}

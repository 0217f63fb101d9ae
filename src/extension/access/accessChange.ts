import { AccessChange, AccessState, describeChange, makeChange, RefusedChange, refusal, takesOwnAccess, TAKES_AWAY } from '../../core/access/accessChanges';
import { readAccess } from '../../core/access/accessReader';
import { prefixRange } from '../../core/access/permissions';
import { deniedOn } from '../../core/client/errors';
import type { Services } from '../services';

/** Users and roles as the connection's user may read them: all of them (root, or auth off), else refused. */
export async function readAccessState({ connection }: Services, what: string): Promise<AccessState> {
  const state = await connection.ensureConnected();
  if (state.kind !== 'connected' || !connection.config) {
    throw new Error('Connect to etcd first: access is changed on the current connection.');
  }
  const self = connection.config.username;
  const view = await readAccess(connection.requireSession().client, self);
  if (view.kind !== 'full') {
    throw deniedOn(new Error('permission denied'), { rootOnly: `${what} (changing users and roles)` }, self);
  }
  return view;
}

/**
 * One change to who may do what, through the guards: the write policy first (refused on
 * a read-only connection, asked off this machine), then refused when it would leave
 * nobody able to manage etcd; a change that takes from the connection's own user what
 * it may do under ZTAP's prefix wants that user's name typed; one that takes something
 * away asks. Logged without its password; the tree redrawn. True when it was made.
 */
export async function applyAccessChange(services: Services, change: AccessChange, warning?: string): Promise<boolean> {
  const { connection, dialogs, writes, tree } = services;
  const what = describeChange(change);
  writes.refuseIfReadOnly(what);
  const state = await readAccessState(services, what);
  const reason = refusal(change, state);
  if (reason) {
    throw new RefusedChange(reason);
  }
  const self = connection.config?.username;
  const prefix = `${connection.config?.keyPrefix ?? '/ztap'}/`;
  const loser = takesOwnAccess(change, state, self, prefixRange(Buffer.from(prefix)));
  if (loser) {
    const typed = await dialogs.ask({
      title: `ZTAP: ${what}`,
      prompt: `This takes from ${loser}, the user this connection logs in as, what it may do under ${prefix}. Type ${loser} to go on.`,
      validateInput: v => (v === loser || v === '' ? undefined : `Type ${loser} exactly, or press Escape.`),
    });
    if (typed !== loser) {
      return false;
    }
  } else if (
    TAKES_AWAY.has(change.kind) &&
    !(await dialogs.confirm(`ZTAP: ${what}?`, warning ?? 'etcd keeps no copy: to undo it, make the change again by hand.', capital(what)))
  ) {
    return false;
  }
  const done = await writes.run(
    what,
    etcd =>
      makeChange(etcd, change).then(
        () => true,
        err => {
          throw deniedOn(err, { rootOnly: what }, self);
        },
      ),
    () => `access: ${what}`,
  );
  tree.refresh();
  return done !== undefined;
}

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

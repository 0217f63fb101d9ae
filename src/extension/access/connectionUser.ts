import type { Services } from '../services';
import { findProfileSetting, replaceProfileSetting, setSingleConnectionUser } from '../settings';

/**
 * Makes the connection in use log in as `user` from now on (undefined: as nobody, for
 * an etcd with auth off, which refuses a login): its password in secret storage (never
 * settings), the user in the connection's entry (ztap.connections, or
 * ztap.etcd.username for Default). The settings change reconnects it. False for the
 * Environment connection, whose user comes from ZTAP_ETCD_USERNAME.
 */
export async function useUserForConnection({ connection, passwords }: Services, user: string | undefined, password?: string): Promise<boolean> {
  const profile = connection.activeProfile;
  if (profile.source === 'environment') {
    return false;
  }
  if (user && password) {
    await passwords.store(profile.name, user, password);
  }
  if (profile.source === 'single') {
    await setSingleConnectionUser(user);
    return true;
  }
  const found = findProfileSetting(profile.name);
  if (!found) {
    return false;
  }
  const { username: _previous, ...rest } = found.entry;
  await replaceProfileSetting(profile.name, user ? { ...rest, username: user } : rest);
  return true;
}

// The person at the terminal. Whoever can run the CLI can read the data dir (store, exports) anyway,
// so the terminal user is an admin of this installation.
import os from 'node:os';
import type { Store, Viewer } from '../../store/store.ts';

/** The OS user name, the terminal user's platform id ('local' when the OS has none for this uid). */
export function terminalUserName(): string {
  try {
    return os.userInfo().username || 'local';
  } catch {
    return 'local'; // no passwd entry for this uid (some containers)
  }
}

export async function terminalViewer(store: Store): Promise<Viewer> {
  const name = terminalUserName();
  const user = await store.users.ensureUser({ platform: 'terminal', tenantId: '', platformUserId: name, displayName: name }, true);
  return { userId: user.id, role: user.role };
}

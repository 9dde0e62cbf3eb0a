// The person at the terminal. Whoever can run the CLI can read the data dir (store, exports) anyway,
// so the terminal user is an admin of this installation.
import os from 'node:os';
import type { Store, Viewer } from '../../store/store.ts';

export async function terminalViewer(store: Store): Promise<Viewer> {
  let name = 'local';
  try {
    name = os.userInfo().username || 'local';
  } catch {
    // No passwd entry for this uid (some containers): keep the generic name.
  }
  const user = await store.users.ensureUser({ platform: 'terminal', tenantId: '', platformUserId: name, displayName: name }, true);
  return { userId: user.id, role: user.role };
}

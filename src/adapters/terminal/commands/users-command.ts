// `threadsql users add <name> [--admin] | list | remove <name> | passwd <name>`: the web app's
// password users (shared mode). Chat users need none: /threadsql web sends them a sign-in link.
import type { App } from '../../../app.ts';
import { addPasswordUser, changePassword, normalizeUserName, removePasswordUser, USER_NAME_RULE, type UserChange } from '../../web/auth/password-users.ts';
import { EXIT, printError, printJson, printLine } from '../output.ts';
import { PasswordInputError, readNewPassword } from '../read-password.ts';

export type UsersAction = { action: 'add'; name: string; admin: boolean } | { action: 'list' } | { action: 'remove'; name: string } | { action: 'passwd'; name: string };

function report(change: UserChange, ok: (c: Extract<UserChange, { ok: true }>) => string): number {
  if (!change.ok) {
    printError(change.problem);
    return EXIT.failed;
  }
  printLine(ok(change));
  return EXIT.ok;
}

export async function usersCommand(app: App, request: UsersAction, json: boolean): Promise<number> {
  const { store } = app;
  const where = app.config.web.public && app.config.web.publicUrl ? `${app.config.web.publicUrl}/signin` : undefined;
  const localNote = 'Note: the web app here is in local mode; password users can sign in once THREADSQL_WEB_PUBLIC=1 (with THREADSQL_PUBLIC_URL).';
  // Check the name before asking for a password someone would then type for nothing.
  if (request.action !== 'list' && !normalizeUserName(request.name)) {
    printError(request.name.trim().toLowerCase() === 'local' ? '"local" is reserved for the local-mode user' : USER_NAME_RULE);
    return EXIT.failed;
  }
  try {
    switch (request.action) {
      case 'list': {
        const rows = await store.users.listPasswordUsers();
        const users = rows.map((u) => ({ name: u.platformUserId, role: u.role, active: u.active, createdAt: u.createdAt.toISOString() }));
        if (json) printJson({ users });
        else if (users.length === 0) printLine('No password users yet. Add one with: npx threadsql users add <name> [--admin]');
        else for (const u of users) printLine(`${u.name.padEnd(24)} ${u.role.padEnd(5)}  ${u.active ? 'active ' : 'removed'}  since ${u.createdAt.slice(0, 10)}`);
        return EXIT.ok;
      }
      case 'add': {
        const code = report(await addPasswordUser(store, request.name, await readNewPassword(request.name), request.admin), (c) =>
          `Added web user ${c.user.platformUserId} (${c.user.role}).${where ? ` They sign in at ${where}.` : ''}`,
        );
        if (code === EXIT.ok && !where) printLine(localNote);
        return code;
      }
      case 'passwd':
        return report(await changePassword(store, request.name, await readNewPassword(request.name)), (c) =>
          `Password changed for ${c.user.platformUserId}${c.sessionsRevoked ? `; ${c.sessionsRevoked} open session(s) ended` : ''}.`,
        );
      case 'remove':
        return report(await removePasswordUser(store, request.name), (c) =>
          `Removed ${c.user.platformUserId}: they can no longer sign in${c.sessionsRevoked ? ` (${c.sessionsRevoked} open session(s) ended)` : ''}. Their past questions stay in the audit trail; "users add ${c.user.platformUserId}" brings them back.`,
        );
    }
  } catch (err) {
    if (err instanceof PasswordInputError) {
      printError(err.message);
      return EXIT.failed;
    }
    throw err;
  }
}

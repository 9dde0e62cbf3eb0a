// `web`: a one-time link that signs the asker in to the web app as themselves (their Slack or Teams
// user, with their own history). Sent privately; the token is 32 random bytes, only its hash is
// stored, and it works once within 15 minutes. The web adapter redeems it (src/adapters/web/auth/).
import { hashSecretToken, newSecretToken } from '../../lib/secret-token.ts';
import type { Reply } from '../reply.ts';
import type { CommandContext } from './command-context.ts';

/** How long a link works: long enough to switch to a browser, short enough that a leaked one is stale. */
export const SIGN_IN_LINK_TTL_MS = 15 * 60 * 1000;

/** Where a link points, under the public URL: GET shows a confirm button, POST redeems. */
export const SIGN_IN_LINK_PATH = '/signin/link/';

/** Whether links can be made on this server, decided once from the configuration. */
export type WebSignInSetting = { enabled: true; publicUrl: string } | { enabled: false; reason: string };

export const WEB_SIGN_IN_OFF: WebSignInSetting = {
  enabled: false,
  reason: 'The web app on this server is not open for sign-in (shared mode is off: THREADSQL_WEB_PUBLIC is not set). Ask whoever runs threadsql to turn it on.',
};

/** The setting for a configuration: on only in shared mode, which always has a public URL. */
export function webSignInSetting(web: { public: boolean; publicUrl: string | undefined }): WebSignInSetting {
  if (!web.public) return WEB_SIGN_IN_OFF;
  if (!web.publicUrl) {
    return { enabled: false, reason: 'The web app has no public address (THREADSQL_PUBLIC_URL is not set), so a sign-in link would lead nowhere. Ask whoever runs threadsql to set it.' };
  }
  return { enabled: true, publicUrl: web.publicUrl };
}

function privateText(kind: Reply['kind'], text: string): Reply {
  return { kind, text, parts: [], actions: [], private: true };
}

export async function webSignInLink(ctx: CommandContext): Promise<Reply> {
  const setting = ctx.webSignIn;
  if (!setting.enabled) return privateText('error', setting.reason);
  // A link signs in as a chat identity its platform vouched for. On the web or in a terminal there is
  // no such identity to hand over (and the web user is already signed in).
  if (ctx.platform !== 'slack' && ctx.platform !== 'teams') {
    return privateText('error', `Sign-in links are sent in Slack or Teams (/threadsql web there). Open ${setting.publicUrl}/signin to sign in with a password.`);
  }
  const { store } = ctx.deps.statement;
  const user = await store.users.get(ctx.viewer.userId);
  if (!user?.active) return privateText('error', 'Your account is switched off for threadsql, so no sign-in link can be made.');
  const token = newSecretToken();
  await store.signInLinks.create(user.id, hashSecretToken(token), SIGN_IN_LINK_TTL_MS);
  // Expired links are useless; forgetting them here keeps the table small without a timer.
  await store.signInLinks.pruneBefore(ctx.deps.statement.clock.now());
  const url = `${setting.publicUrl}${SIGN_IN_LINK_PATH}${token}`;
  return privateText(
    'command',
    `Your sign-in link for the threadsql web app — it works once, for the next ${SIGN_IN_LINK_TTL_MS / 60_000} minutes, and signs in as you, so do not share it:\n${url}`,
  );
}

// The sign-in pages of shared mode: the password form (a static file with its own script), the
// confirm step of a one-time link, the sign-out confirm, and a plain message page. Served with the
// same strict headers as the chat page (no inline script or style; forms post only to us).
import { readFileSync } from 'node:fs';
import type http from 'node:http';
import { SECURITY_HEADERS } from '../http-io.ts';

export const AUTH_ASSETS_PATH = '/signin/assets';

const PUBLIC_DIR = new URL('./public/', import.meta.url);
const ASSET_TYPES: Record<string, string> = {
  'signin.js': 'text/javascript; charset=utf-8',
  'auth.css': 'text/css; charset=utf-8',
};

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

function layout(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark"><title>${escapeHtml(title)} — threadsql</title>
<link rel="icon" href="/web/favicon.svg" type="image/svg+xml"><link rel="stylesheet" href="${AUTH_ASSETS_PATH}/auth.css"></head>
<body><main class="card"><p class="brand">threadsql</p>
${body}
</main></body></html>
`;
}

export interface AuthPages {
  signIn(res: http.ServerResponse): void;
  /** GET of a sign-in link: a button that POSTs it. Link-preview bots GET without clicking. */
  confirmLink(res: http.ServerResponse, token: string): void;
  confirmSignOut(res: http.ServerResponse, name: string, csrfField: string, csrfToken: string): void;
  message(res: http.ServerResponse, status: number, title: string, text: string, link?: { href: string; label: string }): void;
  /** Serve one of the listed asset files; false when the name is not one. */
  asset(name: string, res: http.ServerResponse): boolean;
}

function sendHtml(res: http.ServerResponse, status: number, html: string | Buffer, options: { postsForm?: boolean } = {}): void {
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    // Under "no-referrer" Chromium posts a plain HTML form with `Origin: null`, which the Origin check
    // must refuse. Pages with a form say "same-origin": our own origin goes to us, nothing elsewhere.
    ...(options.postsForm ? { 'referrer-policy': 'same-origin' } : {}),
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
  });
  res.end(html);
}

export function loadAuthPages(): AuthPages {
  const signInHtml = readFileSync(new URL('signin.html', PUBLIC_DIR));
  const assets = new Map(Object.entries(ASSET_TYPES).map(([name, type]) => [name, { body: readFileSync(new URL(name, PUBLIC_DIR)), type }]));
  return {
    signIn: (res) => sendHtml(res, 200, signInHtml),

    confirmLink(res, token) {
      sendHtml(
        res,
        200,
        layout(
          'Sign in',
          `<h1>Sign in to threadsql</h1>
<p>This one-time link from Slack or Teams signs you in as yourself. It works once.</p>
<form method="post" action="/signin/link/${escapeHtml(token)}"><button type="submit" class="primary" autofocus>Sign in</button></form>`,
        ),
        { postsForm: true },
      );
    },

    confirmSignOut(res, name, csrfField, csrfToken) {
      sendHtml(
        res,
        200,
        layout(
          'Sign out',
          `<h1>Sign out</h1>
<p>You are signed in as <strong>${escapeHtml(name)}</strong>.</p>
<form method="post" action="/signout"><input type="hidden" name="${escapeHtml(csrfField)}" value="${escapeHtml(csrfToken)}">
<button type="submit" class="primary" autofocus>Sign out</button> <a href="/">Back to threadsql</a></form>`,
        ),
        { postsForm: true },
      );
    },

    message(res, status, title, text, link) {
      sendHtml(res, status, layout(title, `<h1>${escapeHtml(title)}</h1>\n<p>${escapeHtml(text)}</p>${link ? `\n<p><a href="${escapeHtml(link.href)}">${escapeHtml(link.label)}</a></p>` : ''}`));
    },

    asset(name, res) {
      const file = assets.get(name);
      if (!file) return false;
      res.writeHead(200, { ...SECURITY_HEADERS, 'content-type': file.type, 'content-length': String(file.body.length), 'cache-control': 'no-cache' });
      res.end(file.body);
      return true;
    },
  };
}

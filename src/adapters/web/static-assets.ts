// The page and its files, served from src/adapters/web/public/ by our own server: no CDN, no build
// step, works offline. Only the files listed here are served (no paths from the request reach the
// file system). Read once at start; a restart picks up edits.
import { readFileSync } from 'node:fs';
import type http from 'node:http';
import { SECURITY_HEADERS } from './http-io.ts';

export const ASSETS_PATH = '/web';

const PUBLIC_DIR = new URL('./public/', import.meta.url);

const FILES: Record<string, string> = {
  'app.js': 'text/javascript; charset=utf-8',
  'dom.js': 'text/javascript; charset=utf-8',
  'table.js': 'text/javascript; charset=utf-8',
  'app.css': 'text/css; charset=utf-8',
  'favicon.svg': 'image/svg+xml',
};

export interface StaticAssets {
  index(res: http.ServerResponse): void;
  asset(name: string, res: http.ServerResponse): boolean;
  refused(res: http.ServerResponse, reason: string): void;
}

export function loadStaticAssets(): StaticAssets {
  const read = (name: string) => readFileSync(new URL(name, PUBLIC_DIR));
  const index = read('index.html');
  const files = new Map(Object.entries(FILES).map(([name, type]) => [name, { body: read(name), type }]));
  return {
    index(res) {
      res.writeHead(200, { ...SECURITY_HEADERS, 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-cache' });
      res.end(index);
    },
    asset(name, res) {
      const file = files.get(name);
      if (!file) return false;
      res.writeHead(200, { ...SECURITY_HEADERS, 'content-type': file.type, 'content-length': String(file.body.length), 'cache-control': 'no-cache' });
      res.end(file.body);
      return true;
    },
    refused(res, reason) {
      res.writeHead(403, { ...SECURITY_HEADERS, 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      res.end(refusedPage(reason));
    },
  };
}

function refusedPage(reason: string): string {
  const safe = reason.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>threadsql — web app off</title><link rel="stylesheet" href="${ASSETS_PATH}/app.css"></head>
<body class="refused"><main><h1>The web app is off on this server</h1>
<p>${safe}.</p>
<p>Sign-in for shared servers is not part of this build yet, so threadsql does not serve its web app to other machines without it.
Slack, Teams and the terminal (<code>npx threadsql chat</code>) work as usual.</p></main></body></html>
`;
}

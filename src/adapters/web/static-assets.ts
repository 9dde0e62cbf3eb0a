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
  'answer.js': 'text/javascript; charset=utf-8',
  'dom.js': 'text/javascript; charset=utf-8',
  'table.js': 'text/javascript; charset=utf-8',
  'history.js': 'text/javascript; charset=utf-8',
  'schema.js': 'text/javascript; charset=utf-8',
  'admin.js': 'text/javascript; charset=utf-8',
  'app.css': 'text/css; charset=utf-8',
  'favicon.svg': 'image/svg+xml',
};

export interface StaticAssets {
  index(res: http.ServerResponse): void;
  asset(name: string, res: http.ServerResponse): boolean;
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
  };
}

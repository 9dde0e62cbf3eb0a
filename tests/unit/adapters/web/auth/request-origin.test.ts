import type http from 'node:http';
import { describe, expect, it } from 'vitest';
import { clientAddress, isFromOrigin, requestedHost } from '../../../../../src/adapters/web/auth/request-origin.ts';
import { webModeFor } from '../../../../../src/adapters/web/web-access.ts';

const req = (headers: Record<string, string>, remoteAddress = '10.0.0.2') => ({ headers, socket: { remoteAddress } }) as unknown as http.IncomingMessage;

describe('where a shared-mode request comes from', () => {
  it('uses the socket address unless proxies are trusted, then the entry the nearest proxy wrote', () => {
    const r = req({ 'x-forwarded-for': '6.6.6.6, 198.51.100.4' });
    expect(clientAddress(r, 0)).toBe('10.0.0.2');
    expect(clientAddress(r, 1)).toBe('198.51.100.4');
    expect(clientAddress(r, 2)).toBe('6.6.6.6');
    expect(clientAddress(req({}), 1)).toBe('10.0.0.2');
  });

  it('reads the requested host from Host, or from X-Forwarded-Host only behind a trusted proxy', () => {
    const r = req({ host: 'internal:3000', 'x-forwarded-host': 'ThreadSQL.example.com' });
    expect(requestedHost(r, 0, 'https:')).toBe('internal:3000');
    expect(requestedHost(r, 1, 'https:')).toBe('threadsql.example.com');
    expect(requestedHost(req({ host: 'threadsql.example.com:443' }), 0, 'https:')).toBe('threadsql.example.com');
    expect(requestedHost(req({ host: 'threadsql.example.com:443' }), 0, 'http:')).toBe('threadsql.example.com:443');
  });

  it('accepts only the public origin on state-changing requests (or a non-browser client)', () => {
    expect(isFromOrigin(req({ origin: 'https://threadsql.example.com' }), 'https://threadsql.example.com')).toBe(true);
    expect(isFromOrigin(req({}), 'https://threadsql.example.com')).toBe(true);
    expect(isFromOrigin(req({ origin: 'http://threadsql.example.com' }), 'https://threadsql.example.com')).toBe(false);
    expect(isFromOrigin(req({ origin: 'null' }), 'https://threadsql.example.com')).toBe(false);
    expect(isFromOrigin(req({ 'sec-fetch-site': 'cross-site' }), 'https://threadsql.example.com')).toBe(false);
  });
});

describe('web modes', () => {
  const shared = { public: true, publicUrl: 'https://threadsql.example.com', trustProxyHops: 1 };

  it('runs shared mode when THREADSQL_WEB_PUBLIC is set, even on a loopback HOST behind a local proxy', () => {
    const mode = webModeFor('127.0.0.1', shared);
    expect(mode).toMatchObject({ kind: 'shared', host: 'threadsql.example.com', origin: 'https://threadsql.example.com', secure: true, trustProxyHops: 1 });
    expect(webModeFor('0.0.0.0', shared).kind).toBe('shared');
  });

  it('makes cookies Secure only for an https public URL', () => {
    const mode = webModeFor('0.0.0.0', { ...shared, publicUrl: 'http://threadsql.internal:8080' });
    expect(mode).toMatchObject({ kind: 'shared', secure: false, host: 'threadsql.internal:8080' });
  });

  it('refuses a reachable HOST without shared mode, naming THREADSQL_WEB_PUBLIC', () => {
    const mode = webModeFor('0.0.0.0', { public: false, publicUrl: 'https://threadsql.example.com', trustProxyHops: 0 });
    expect(mode.kind === 'refused' && mode.reason).toMatch(/THREADSQL_WEB_PUBLIC/);
  });
});

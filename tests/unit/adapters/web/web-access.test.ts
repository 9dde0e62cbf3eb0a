import type http from 'node:http';
import { describe, expect, it } from 'vitest';
import { isLocalHostHeader, isLoopbackHost, isSameOrigin, webModeFor } from '../../../../src/adapters/web/web-access.ts';

const req = (headers: Record<string, string>) => ({ headers }) as unknown as http.IncomingMessage;

describe('web access', () => {
  it.each([
    ['127.0.0.1', true],
    ['127.0.1.1', true],
    ['localhost', true],
    ['::1', true],
    ['[::1]', true],
    ['0.0.0.0', false],
    ['::', false],
    ['192.168.1.20', false],
    ['threadsql.example.com', false],
  ])('treats HOST=%s as loopback: %s', (host, loopback) => {
    expect(isLoopbackHost(host)).toBe(loopback);
    expect(webModeFor(host).kind).toBe(loopback ? 'local' : 'refused');
  });

  it('says why the web app is off on a non-loopback HOST', () => {
    const mode = webModeFor('0.0.0.0');
    expect(mode.kind === 'refused' && mode.reason).toMatch(/HOST=0\.0\.0\.0 .*THREADSQL_WEB_PUBLIC is not set.*HOST=127\.0\.0\.1/);
  });

  it.each([
    ['localhost:3000', true],
    ['127.0.0.1:3000', true],
    ['[::1]:3000', true],
    ['localhost', true],
    ['evil.example:3000', false],
    ['127.0.0.1.evil.example', false],
    ['', false],
  ])('accepts the Host header %j: %s (DNS rebinding)', (host, ok) => {
    expect(isLocalHostHeader(host || undefined)).toBe(ok);
  });

  it('admits a POST from our own origin or from a non-browser client, and refuses any other origin', () => {
    expect(isSameOrigin(req({ host: 'localhost:3000', origin: 'http://localhost:3000' }))).toBe(true);
    expect(isSameOrigin(req({ host: 'localhost:3000' }))).toBe(true); // curl, scripts: no Origin
    expect(isSameOrigin(req({ host: 'localhost:3000', origin: 'http://127.0.0.1:3000' }))).toBe(false);
    expect(isSameOrigin(req({ host: 'localhost:3000', origin: 'https://evil.example' }))).toBe(false);
    expect(isSameOrigin(req({ host: 'localhost:3000', origin: 'null' }))).toBe(false);
    expect(isSameOrigin(req({ host: 'localhost:3000', 'sec-fetch-site': 'cross-site' }))).toBe(false);
  });
});

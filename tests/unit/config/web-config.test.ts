import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/config.ts';

const load = (env: Record<string, string>) => loadConfig(env, '/tmp');

describe('web configuration', () => {
  it('is local mode by default', () => {
    expect(load({}).web).toEqual({ public: false, publicUrl: undefined, trustProxyHops: 0 });
  });

  it('reads shared mode, the public URL without its trailing slash, and proxy hops', () => {
    expect(load({ THREADSQL_WEB_PUBLIC: '1', THREADSQL_PUBLIC_URL: 'https://threadsql.example.com/', THREADSQL_TRUST_PROXY: '1' }).web).toEqual({
      public: true,
      publicUrl: 'https://threadsql.example.com',
      trustProxyHops: 1,
    });
    expect(load({ THREADSQL_WEB_PUBLIC: '0', THREADSQL_PUBLIC_URL: 'https://x.example' }).web.public).toBe(false);
  });

  it('stops start-up when shared mode has no public URL, naming the variable', () => {
    expect(() => load({ THREADSQL_WEB_PUBLIC: '1' })).toThrow(/^THREADSQL_PUBLIC_URL: required when THREADSQL_WEB_PUBLIC=1/);
  });

  it.each([
    ['THREADSQL_WEB_PUBLIC', 'maybe'],
    ['THREADSQL_TRUST_PROXY', '-1'],
    ['THREADSQL_TRUST_PROXY', 'all'],
  ])('rejects %s=%s', (name, value) => {
    expect(() => load({ [name]: value })).toThrow(new RegExp(`^${name}:`));
  });
});

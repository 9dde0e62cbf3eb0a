// The Teams and export-link variables of src/config/config.ts.
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../../src/config/config.ts';
import { redact } from '../../../../src/lib/redact.ts';

const APP_ID = '00000000-0000-4000-8000-0000000000b0';

describe('Teams configuration', () => {
  it('is off without MICROSOFT_APP_ID', () => {
    expect(loadConfig({}).teams).toBeUndefined();
  });

  it('reads a multi-tenant bot and registers its password as a secret', () => {
    const c = loadConfig({ MICROSOFT_APP_ID: APP_ID, MICROSOFT_APP_PASSWORD: 'client-secret-value-xyz' });
    expect(c.teams).toEqual({ appId: APP_ID, appPassword: 'client-secret-value-xyz', tenantId: undefined, appType: 'MultiTenant', openIdMetadataUrl: undefined });
    expect(redact('oops client-secret-value-xyz')).toBe('oops ***');
  });

  it.each([
    [{ MICROSOFT_APP_PASSWORD: 'client-secret-value' }, /MICROSOFT_APP_ID: required/],
    [{ MICROSOFT_APP_ID: APP_ID }, /MICROSOFT_APP_PASSWORD: required/],
    [{ MICROSOFT_APP_ID: APP_ID, MICROSOFT_APP_PASSWORD: 'client-secret-value', MICROSOFT_APP_TYPE: 'SingleTenant' }, /MICROSOFT_APP_TENANT_ID: required/],
    [{ MICROSOFT_APP_ID: APP_ID, MICROSOFT_APP_TENANT_ID: 't', MICROSOFT_APP_TYPE: 'UserAssignedMSI', MICROSOFT_APP_PASSWORD: 'client-secret-value' }, /must be unset/],
    [{ MICROSOFT_APP_ID: 'not-a-guid', MICROSOFT_APP_PASSWORD: 'client-secret-value' }, /MICROSOFT_APP_ID: must be/],
    [{ MICROSOFT_APP_ID: APP_ID, MICROSOFT_APP_PASSWORD: 'client-secret-value', MICROSOFT_APP_TYPE: 'Other' }, /MICROSOFT_APP_TYPE/],
    [{ THREADSQL_EXPORT_SECRET: 'short' }, /THREADSQL_EXPORT_SECRET: must be at least 32/],
  ])('stops start-up on a half-configured bot: %o', (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('reads the export-link settings with a 7-day default lifetime', () => {
    expect(loadConfig({ THREADSQL_PUBLIC_URL: 'https://t.example/' }).exportLinks).toEqual({ publicUrl: 'https://t.example', secret: undefined, ttlHours: 168 });
  });
});

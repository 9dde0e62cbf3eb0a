// `threadsql users add|list|passwd|remove` as a user runs them (a child process, the password piped
// on standard input), against the same store file a running server reads: the user the CLI adds can
// sign in to the web app, and the one it removes cannot.
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWebAdapter } from '../../src/adapters/web/app.ts';
import { createApp, type App } from '../../src/app.ts';
import { loadConfig } from '../../src/config/config.ts';
import { silentLogger } from '../../src/lib/logger.ts';
import { startHttpServer, type HttpServer } from '../../src/server/http-server.ts';
import { cliEnv, runCli } from '../helpers/run-cli.ts';
import { freePort } from '../helpers/free-port.ts';

let root: string;
let env: NodeJS.ProcessEnv;
let vars: Record<string, string>;
let app: App;
let server: HttpServer;
let base: string;

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'tsql-web-auth-cli-'));
  await mkdir(path.join(root, 'kb'));
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  vars = { THREADSQL_DATA_DIR: path.join(root, 'data'), THREADSQL_KB_DIR: path.join(root, 'kb'), THREADSQL_WEB_PUBLIC: '1', THREADSQL_PUBLIC_URL: base, HOST: '0.0.0.0', PORT: String(port) };
  env = cliEnv(vars);
  app = await createApp(loadConfig(vars, root), { logger: silentLogger, loadKb: false, loadSchema: false });
  server = await startHttpServer({ host: '127.0.0.1', port, routes: createWebAdapter(app).routes, logger: silentLogger });
}, 180_000);

afterAll(async () => {
  await server?.close();
  await app?.close();
  if (root) await rm(root, { recursive: true, force: true });
});

async function signIn(username: string, password: string): Promise<{ status: number; role?: string }> {
  const res = await fetch(`${base}/api/web/signin`, { method: 'POST', headers: { 'content-type': 'application/json', origin: base }, body: JSON.stringify({ username, password }) });
  const body = (await res.json()) as { user?: { role: string } };
  return { status: res.status, role: body.user?.role };
}

describe('threadsql users', () => {
  it('adds a user with the password from standard input, who can then sign in', async () => {
    const added = await runCli(['users', 'add', 'Dana', '--admin'], { env, input: 'a long enough secret\n', cwd: root });
    expect(added.stderr).toBe('');
    expect(added.code).toBe(0);
    expect(added.stdout).toContain(`Added web user dana (admin). They sign in at ${base}/signin.`);
    expect(added.stdout).not.toContain('a long enough secret');
    expect(await signIn('dana', 'a long enough secret')).toEqual({ status: 200, role: 'admin' });
    expect((await signIn('dana', 'a long enough secreT')).status).toBe(401);
    const stored = await app.store.users.find({ platform: 'web', tenantId: '', platformUserId: 'dana' });
    expect(stored?.passwordHash).toMatch(/^scrypt\$ln=15,r=8,p=1\$/);
    expect(stored?.passwordHash).not.toContain('a long enough secret');
  }, 120_000);

  it('refuses a short password and a second user of the same name, changing nothing', async () => {
    const short = await runCli(['users', 'add', 'eve'], { env, input: 'short\n', cwd: root });
    expect(short.code).toBe(1);
    expect(short.stderr).toMatch(/at least 10 characters/);
    expect(await app.store.users.find({ platform: 'web', tenantId: '', platformUserId: 'eve' })).toBeUndefined();
    const again = await runCli(['users', 'add', 'dana'], { env, input: 'another long secret\n', cwd: root });
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already exists; use "users passwd dana"/);
    expect((await signIn('dana', 'a long enough secret')).status).toBe(200);
  }, 120_000);

  it('lists, changes the password of, and removes a user; a removed user cannot sign in', async () => {
    const listed = await runCli(['users', 'list', '--json'], { env, cwd: root });
    expect(listed.code).toBe(0);
    expect(JSON.parse(listed.stdout)).toMatchObject({ users: [{ name: 'dana', role: 'admin', active: true }] });
    const changed = await runCli(['users', 'passwd', 'dana'], { env, input: 'a brand new secret\n', cwd: root });
    expect(changed.code).toBe(0);
    expect((await signIn('dana', 'a long enough secret')).status).toBe(401);
    expect((await signIn('dana', 'a brand new secret')).status).toBe(200);
    const removed = await runCli(['users', 'remove', 'dana'], { env, cwd: root });
    expect(removed.code).toBe(0);
    expect(removed.stdout).toMatch(/Removed dana: they can no longer sign in \(1 open session\(s\) ended\)/);
    expect((await signIn('dana', 'a brand new secret')).status).toBe(401);
  }, 180_000);

  it('rejects a name that could pass for a chat identity before asking for a password', async () => {
    const bad = await runCli(['users', 'add', 'slack:U123'], { env, cwd: root });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/lowercase letters, digits/);
  }, 120_000);
});

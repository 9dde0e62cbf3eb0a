// The JSON API under /api/web: the engine over HTTP, for the page and for any other client. Every
// read goes through the store's viewer-scoped methods (or fetchPage / recordFeedback, which use
// them), so another user's attempt is simply "not found", never "forbidden".
import { stat } from 'node:fs/promises';
import type http from 'node:http';
import { chartPngPath } from '../../charts/chart-file.ts';
import type { EngineInput } from '../../engine/engine-input.ts';
import type { LoadedSchema } from '../../engine/schema-service.ts';
import { fetchPage } from '../../engine/result-pages.ts';
import { pipeFile } from '../../server/http-server.ts';
import type { Viewer } from '../../store/store.ts';
import type { App } from '../../app.ts';
import { BodyError, readJsonBody, SECURITY_HEADERS, sendError, sendJson, startEventStream, wantsEventStream } from './http-io.ts';
import { API_BASE, renderPageJson, renderReplyJson } from './reply-json.ts';
import { listThreads, THREAD_ID, threadTurns, webChannelFor } from './threads.ts';
import type { WebIdentity } from './web-access.ts';
import { adminAttempts, adminFeedback, adminRollup, adminUsers } from './console/admin-console.ts';
import { attemptView } from './console/attempt-view.ts';
import { ownHistory } from './console/history.ts';
import { promoteToKb } from './console/promote-to-kb.ts';
import { QueryParamError } from './console/query-params.ts';
import { schemaTableDetail } from './console/schema-detail.ts';
import { schemaList } from './console/schema-list.ts';
import { refreshSchema } from './console/schema-view.ts';

export type WebApiDeps = Pick<App, 'engine' | 'store' | 'statementDeps' | 'kb' | 'warehouse' | 'logger' | 'config' | 'schema'>;

const ATTEMPT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const MAX_QUESTION_CHARS = 4000;

interface Ctx {
  req: http.IncomingMessage;
  res: http.ServerResponse;
  url: URL;
  identity: WebIdentity;
  viewer: () => Promise<Viewer>;
}

type Handler = (ctx: Ctx, params: string[]) => Promise<void>;

export interface WebApi {
  handle(req: http.IncomingMessage, res: http.ServerResponse, identity: WebIdentity): Promise<void>;
}

export function createWebApi(deps: WebApiDeps): WebApi {
  const log = deps.logger.child({ module: 'web' });
  const store = deps.store;

  const routes: Array<{ method: 'GET' | 'POST'; pattern: RegExp; handler: Handler }> = [
    { method: 'GET', pattern: /^\/me$/, handler: me },
    { method: 'GET', pattern: /^\/threads$/, handler: threads },
    { method: 'GET', pattern: /^\/threads\/([^/]+)$/, handler: thread },
    { method: 'POST', pattern: /^\/threads\/([^/]+)\/messages$/, handler: postMessage },
    { method: 'GET', pattern: /^\/attempts\/([^/]+)\/pages\/(\d{1,7})$/, handler: page },
    { method: 'GET', pattern: /^\/attempts\/([^/]+)\/chart\.png$/, handler: chart },
    { method: 'GET', pattern: /^\/attempts\/([^/]+)\/export\.csv$/, handler: exportCsv },
    { method: 'POST', pattern: /^\/attempts\/([^/]+)\/feedback$/, handler: feedback },
    { method: 'GET', pattern: /^\/attempts\/([^/]+)$/, handler: attempt },
    { method: 'GET', pattern: /^\/history$/, handler: history },
    { method: 'GET', pattern: /^\/schema$/, handler: schema },
    { method: 'GET', pattern: /^\/schema\/tables\/([^/]+)$/, handler: schemaTable },
    { method: 'POST', pattern: /^\/schema\/refresh$/, handler: adminOnly(schemaRefresh) },
    { method: 'GET', pattern: /^\/admin\/attempts$/, handler: adminOnly((ctx, viewer) => sendOk(ctx, adminAttempts(store, viewer, ctx.url.searchParams))) },
    { method: 'GET', pattern: /^\/admin\/users$/, handler: adminOnly((ctx, viewer) => sendOk(ctx, adminUsers(store, viewer))) },
    { method: 'GET', pattern: /^\/admin\/rollup$/, handler: adminOnly((ctx) => sendOk(ctx, adminRollup(store, ctx.url.searchParams))) },
    { method: 'GET', pattern: /^\/admin\/feedback$/, handler: adminOnly((ctx, viewer) => sendOk(ctx, adminFeedback(store, viewer, ctx.url.searchParams))) },
    { method: 'POST', pattern: /^\/admin\/attempts\/([^/]+)\/promote$/, handler: adminOnly(promote) },
  ];

  async function sendOk(ctx: Ctx, body: Promise<unknown>): Promise<void> {
    sendJson(ctx.res, 200, await body);
  }

  /** Admin endpoints: 403 for everyone else (the page shows no link to them either). */
  function adminOnly(handler: (ctx: Ctx, viewer: Viewer, params: string[]) => Promise<void>): Handler {
    return async (ctx, params) => {
      const viewer = await ctx.viewer();
      if (viewer.role !== 'admin') return sendError(ctx.res, 403, 'only admins can use this');
      await handler(ctx, viewer, params);
    };
  }

  async function me(ctx: Ctx): Promise<void> {
    const viewer = await ctx.viewer();
    sendJson(ctx.res, 200, {
      user: { name: ctx.identity.displayName, role: viewer.role, isAdmin: viewer.role === 'admin' },
      warehouse: deps.warehouse.description,
      model: deps.config.llm?.model ?? null,
      suggestions: deps.kb.suggestions(4),
    });
  }

  async function threads(ctx: Ctx): Promise<void> {
    sendJson(ctx.res, 200, { threads: await listThreads(store, await ctx.viewer(), ctx.identity.userId) });
  }

  async function thread(ctx: Ctx, [id]: string[]): Promise<void> {
    if (!THREAD_ID.test(id!)) return sendError(ctx.res, 400, 'a thread id is 6–64 letters, digits, "-" or "_"');
    sendJson(ctx.res, 200, { id, turns: await threadTurns(store, await ctx.viewer(), ctx.identity.userId, id!) });
  }

  async function postMessage(ctx: Ctx, [id]: string[]): Promise<void> {
    if (!THREAD_ID.test(id!)) return sendError(ctx.res, 400, 'a thread id is 6–64 letters, digits, "-" or "_"');
    const body = await readJsonBody(ctx.req);
    const text = typeof body.text === 'string' ? body.text.trim() : '';
    if (!text) return sendError(ctx.res, 400, 'send {"text": "<your question>"}');
    if (text.length > MAX_QUESTION_CHARS) return sendError(ctx.res, 400, `a message is at most ${MAX_QUESTION_CHARS} characters`);
    const messageId = typeof body.messageId === 'string' && /^[A-Za-z0-9_-]{6,64}$/.test(body.messageId) ? body.messageId : undefined;
    const input: EngineInput = {
      platform: 'web',
      tenantId: ctx.identity.tenantId,
      channelId: webChannelFor(ctx.identity.userId),
      threadKey: id!,
      userId: ctx.identity.userId,
      userDisplayName: ctx.identity.displayName,
      text,
      isDirectMessage: true,
      // A client that repeats a request (a reload, a flaky network) gets no second answer.
      eventId: messageId ? `${ctx.identity.userId}:${messageId}` : undefined,
      // Signed in (shared mode): the engine acts as that user's own row — their Slack or Teams
      // identity for a link sign-in, with its stored role.
      storeUserId: ctx.identity.storeUserId,
    };
    // Closing the page (or the connection) cancels the question: the engine ends the attempt.
    const controller = new AbortController();
    ctx.res.on('close', () => {
      if (!ctx.res.writableFinished) controller.abort();
    });
    if (!wantsEventStream(ctx.req)) {
      const reply = await deps.engine.handleMessage(input, undefined, controller.signal);
      if (!reply) return sendJson(ctx.res, 409, { error: 'this message was already answered', duplicate: true });
      return sendJson(ctx.res, 200, renderReplyJson(reply));
    }
    const stream = startEventStream(ctx.res);
    try {
      const reply = await deps.engine.handleMessage(input, (p) => stream.send('progress', { stage: p.stage, text: p.text, elapsedMs: p.elapsedMs ?? null }), controller.signal);
      if (reply) stream.send('reply', renderReplyJson(reply));
      else stream.send('duplicate', { error: 'this message was already answered' });
    } catch (err) {
      log.error({ err, threadId: id }, 'web question failed');
      stream.send('failure', { error: 'threadsql could not answer this message; please try again.' });
    } finally {
      stream.end();
    }
  }

  async function page(ctx: Ctx, [attemptId, n]: string[]): Promise<void> {
    if (!ATTEMPT_ID.test(attemptId!)) return sendError(ctx.res, 404, 'no such result');
    const outcome = await fetchPage(deps.statementDeps, await ctx.viewer(), attemptId!, Number(n));
    if (!outcome.ok) return sendJson(ctx.res, outcome.errorCode === 'not_found' ? 404 : 502, { error: outcome.message, code: outcome.errorCode });
    sendJson(ctx.res, 200, renderPageJson(outcome));
  }

  async function chart(ctx: Ctx, [attemptId]: string[]): Promise<void> {
    // The id check also keeps the request from naming any other file under the data dir.
    if (!ATTEMPT_ID.test(attemptId!) || !(await store.attempts.getForViewer(attemptId!, await ctx.viewer()))) return sendError(ctx.res, 404, 'no such chart');
    await sendFile(ctx.res, chartPngPath(deps.statementDeps.limits.dataDir, attemptId!), { 'content-type': 'image/png' }, 'no such chart');
  }

  async function exportCsv(ctx: Ctx, [attemptId]: string[]): Promise<void> {
    const manifest = ATTEMPT_ID.test(attemptId!) ? await store.manifests.getForViewer(attemptId!, await ctx.viewer()) : undefined;
    if (!manifest?.exportFilePath) return sendError(ctx.res, 404, 'no such export');
    await sendFile(
      ctx.res,
      manifest.exportFilePath,
      { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="threadsql-${attemptId!.slice(0, 8)}.csv"` },
      'this export is no longer available; ask again for a fresh one',
    );
  }

  async function feedback(ctx: Ctx, [attemptId]: string[]): Promise<void> {
    const body = await readJsonBody(ctx.req);
    if (body.value !== 'up' && body.value !== 'down') return sendError(ctx.res, 400, 'send {"value": "up" | "down", "text"?: "…"}');
    const text = typeof body.text === 'string' && body.text.trim() ? body.text.trim().slice(0, 2000) : undefined;
    const ok =
      ATTEMPT_ID.test(attemptId!) &&
      (await deps.engine.recordFeedback({
        platform: 'web',
        tenantId: ctx.identity.tenantId,
        userId: ctx.identity.userId,
        userDisplayName: ctx.identity.displayName,
        attemptId: attemptId!,
        value: body.value,
        text,
        storeUserId: ctx.identity.storeUserId,
      }));
    if (!ok) return sendError(ctx.res, 404, 'no such answer');
    sendJson(ctx.res, 200, { ok: true, value: body.value });
  }

  async function attempt(ctx: Ctx, [attemptId]: string[]): Promise<void> {
    const view = ATTEMPT_ID.test(attemptId!) ? await attemptView(deps.statementDeps, await ctx.viewer(), attemptId!) : undefined;
    if (!view) return sendError(ctx.res, 404, 'no such attempt');
    sendJson(ctx.res, 200, view);
  }

  async function history(ctx: Ctx): Promise<void> {
    sendJson(ctx.res, 200, await ownHistory(store, await ctx.viewer(), ctx.url.searchParams));
  }

  /**
   * The cached snapshot. Only when none is loaded yet (the warehouse was down at start) does this
   * introspect — once, shared with any question doing the same; if that fails too: 503.
   */
  async function loadedSchema(ctx: Ctx): Promise<LoadedSchema | undefined> {
    try {
      return deps.schema.current() ?? (await deps.schema.ensure());
    } catch (err) {
      sendError(ctx.res, 503, (err as { userMessage?: string }).userMessage ?? 'the schema is not loaded yet (the warehouse could not be reached); try again shortly');
      return undefined;
    }
  }

  async function schema(ctx: Ctx): Promise<void> {
    const loaded = await loadedSchema(ctx);
    if (loaded) sendJson(ctx.res, 200, schemaList(loaded, ctx.url.searchParams));
  }

  async function schemaTable(ctx: Ctx, [name]: string[]): Promise<void> {
    const loaded = await loadedSchema(ctx);
    if (!loaded) return;
    const detail = schemaTableDetail(loaded, name!);
    if (!detail) return sendError(ctx.res, 404, 'no such table in the schema snapshot');
    sendJson(ctx.res, 200, detail);
  }

  async function schemaRefresh(ctx: Ctx): Promise<void> {
    try {
      const result = await refreshSchema({ schema: deps.schema, kb: deps.kb, warehouse: deps.warehouse, kbDir: deps.config.kbDir, timeoutMs: deps.statementDeps.limits.statementTimeoutMs });
      sendJson(ctx.res, 200, result);
    } catch (err) {
      log.warn({ err }, 'schema refresh from the web failed');
      sendError(ctx.res, 503, (err as { userMessage?: string }).userMessage ?? 'the schema could not be refreshed; try again shortly');
    }
  }

  async function promote(ctx: Ctx, viewer: Viewer, [attemptId]: string[]): Promise<void> {
    const body = await readJsonBody(ctx.req);
    if (body.question !== undefined && typeof body.question !== 'string') return sendError(ctx.res, 400, 'send {"question"?: "…", "tags"?: ["…"]}');
    if (body.tags !== undefined && !(Array.isArray(body.tags) && body.tags.every((t) => typeof t === 'string'))) return sendError(ctx.res, 400, 'tags must be a list of words');
    if (!ATTEMPT_ID.test(attemptId!)) return sendError(ctx.res, 404, 'no such attempt');
    const outcome = await promoteToKb(
      { store, schema: deps.schema, kb: deps.kb, warehouse: deps.warehouse, kbDir: deps.config.kbDir, timeoutMs: deps.statementDeps.limits.statementTimeoutMs },
      viewer,
      attemptId!,
      { question: body.question as string | undefined, tags: body.tags as string[] | undefined },
    );
    if (!outcome.ok) return sendError(ctx.res, outcome.status, outcome.error);
    log.info({ attemptId, file: outcome.file }, 'attempt promoted to the knowledge base');
    sendJson(ctx.res, 201, outcome);
  }

  return {
    async handle(req, res, identity) {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const rest = url.pathname.slice(API_BASE.length);
      let viewer: Promise<Viewer> | undefined;
      const ctx: Ctx = {
        req,
        res,
        url,
        identity,
        // Signed in: the session's own user row as it is (an empty id, for a removed user, sees nothing).
        // Local mode: the local admin, created on first use.
        viewer: () =>
          (viewer ??= identity.storeUserId
            ? store.users.get(identity.storeUserId).then((u) => ({ userId: u?.active ? u.id : '', role: u?.active ? u.role : ('user' as const) }))
            : store.users
                .ensureUser({ platform: 'web', tenantId: identity.tenantId, platformUserId: identity.userId, displayName: identity.displayName }, identity.isAdmin)
                .then((u) => ({ userId: u.id, role: u.role }))),
      };
      for (const route of routes) {
        const m = route.pattern.exec(rest);
        if (!m) continue;
        if (route.method !== req.method) continue;
        try {
          return await route.handler(ctx, m.slice(1).map((p) => decodeURIComponent(p)));
        } catch (err) {
          if (err instanceof BodyError) return sendError(res, err.status, err.message);
          if (err instanceof QueryParamError) return sendError(res, 400, err.message);
          if (err instanceof URIError) return sendError(res, 400, 'malformed path');
          throw err;
        }
      }
      const known = routes.some((r) => r.pattern.test(rest));
      sendError(res, known ? 405 : 404, known ? 'method not allowed' : 'not found');
    },
  };
}

async function sendFile(res: http.ServerResponse, file: string, headers: Record<string, string>, missing: string): Promise<void> {
  const size = await stat(file).then(
    (s) => (s.isFile() ? s.size : undefined),
    () => undefined, // gone (cleaned up, or never drawn): a 404, said below
  );
  if (size === undefined) return sendError(res, 404, missing);
  res.writeHead(200, { ...SECURITY_HEADERS, ...headers, 'content-length': String(size), 'cache-control': 'private, no-cache' });
  await pipeFile(res, file);
}

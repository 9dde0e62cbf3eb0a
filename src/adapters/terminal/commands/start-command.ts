// `threadsql start` (npm start): the HTTP server with /healthz, and one line per platform saying
// whether it is on and why.
import type { App } from '../../../app.ts';
import { createSlackAdapter, SLACK_EVENTS_PATH, SlackStartError, type SlackAdapter } from '../../slack/app.ts';
import { createTeamsAdapter, TEAMS_MESSAGES_PATH, type TeamsAdapter } from '../../teams/app.ts';
import { createWebAdapter } from '../../web/app.ts';
import { chartPngPath } from '../../../charts/chart-file.ts';
import { createExportLinks, type ExportLinks } from '../../../server/export-links.ts';
import { healthRoute } from '../../../server/healthz.ts';
import { startHttpServer } from '../../../server/http-server.ts';
import { printLine } from '../output.ts';

export async function startCommand(app: App, stop: AbortSignal): Promise<number> {
  const slack = await startSlack(app);
  let serverUrl = '';
  const links = exportLinks(app, () => app.config.exportLinks.publicUrl ?? serverUrl);
  const teams = startTeams(app, links);
  const web = createWebAdapter(app);
  const server = await startHttpServer({
    host: app.config.host,
    port: app.config.port,
    routes: [healthRoute(app), app.metrics.route(), links.route(), ...(slack.adapter?.routes ?? []), ...(teams.adapter?.routes ?? []), ...web.routes],
    logger: app.logger,
  });
  serverUrl = server.url;
  if (slack.adapter) {
    await slack.adapter.start();
    if (app.interrupted.length > 0) void slack.adapter.notifyInterrupted(app.interrupted);
  }
  if (teams.adapter && app.interrupted.length > 0) void teams.adapter.notifyInterrupted(app.interrupted);
  const schema = app.schema.current();
  const store = app.config.store.isFile ? `file ${app.config.store.filePath}` : 'libSQL server';
  const stopWatching = app.kb.watch();
  stop.addEventListener('abort', stopWatching, { once: true });
  printLine(`threadsql is running at ${server.url}  (health: ${server.url}/healthz, metrics: ${server.url}/metrics)`);
  printLine(`  store:     ${store}`);
  printLine(
    `  warehouse: ${app.warehouse.description}${schema ? ` — ${schema.tableCount} tables, snapshot ${schema.snapshotId.slice(0, 8)}` : ' — unreachable, see /healthz'}`,
  );
  if (app.role && app.role.dangerous.length > 0 && app.warehouse.kind === 'postgres') {
    printLine(`  WARNING:   the warehouse role "${app.role.role}" can do more than read (${app.role.dangerous.join(', ')}); see README "A read-only role"`);
  }
  if (app.orphansClosed > 0) printLine(`  recovered: ${app.orphansClosed} attempt(s) left open by the last run were closed`);
  printLine(`  slack:     ${slack.adapter?.mode === 'http' ? `${slack.line}, events at ${server.url}${SLACK_EVENTS_PATH}` : slack.line}`);
  printLine(`  teams:     ${teams.adapter ? `${teams.line}, messages at ${server.url}${TEAMS_MESSAGES_PATH}` : teams.line}`);
  if (teams.adapter && !app.config.exportLinks.publicUrl) {
    printLine(`  exports:   CSV links point at ${server.url}; set THREADSQL_PUBLIC_URL to the address Teams users can reach`);
  }
  printLine(`  web:       ${web.line(server.url)}`);
  printLine(
    app.config.llm
      ? `  model:     ${app.config.llm.model}${app.config.llm.baseURL ? ` at ${new URL(app.config.llm.baseURL).host}` : ''}`
      : '  model:     none (OPENAI_MODEL not set): questions close to a knowledge-base example are answered, others get setup help',
  );
  printLine('Press Ctrl-C to stop.');

  await new Promise<void>((resolve) => stop.addEventListener('abort', () => resolve(), { once: true }));
  await slack.adapter?.stop();
  await teams.adapter?.stop();
  await server.close();
  return 0;
}

// Slack is on when configured and its token works; otherwise off, with the reason, and the rest runs.
async function startSlack(app: App): Promise<{ adapter?: SlackAdapter; line: string }> {
  const config = app.config.slack;
  if (!config) return { line: 'off (SLACK_BOT_TOKEN not set; see README "Slack")' };
  try {
    const adapter = await createSlackAdapter(app, config);
    const who = `@${adapter.identity.botName} in ${adapter.identity.team || adapter.identity.teamId}`;
    return { adapter, line: config.mode === 'http' ? `on (HTTP, ${who})` : `on (Socket Mode, ${who})` };
  } catch (err) {
    if (!(err instanceof SlackStartError)) throw err;
    app.logger.warn({ reason: err.message }, 'Slack stays off');
    return { line: `off (${err.message}; check SLACK_BOT_TOKEN)` };
  }
}

// Teams is on when MICROSOFT_APP_ID is set; without it, /api/messages serves the Bot Framework
// Emulator on this machine only (botbuilder authenticates nothing without an app id).
function startTeams(app: App, links: ExportLinks): { adapter?: TeamsAdapter; line: string } {
  const adapter = createTeamsAdapter(app, app.config.teams, { links });
  return { adapter, line: adapter.line };
}

// Signed CSV links (GET /exports/<token>). Without THREADSQL_EXPORT_SECRET the key is random per
// start: links stop working at a restart, and replicas cannot check each other's.
function exportLinks(app: App, baseUrl: () => string): ExportLinks {
  const { exportLinks: config } = app.config;
  if (!config.secret) app.logger.info('THREADSQL_EXPORT_SECRET not set: CSV links are signed with a random key and stop working when threadsql restarts');
  // The signed link is the permission (it is minted only into a reply its reader could see), so the
  // lookup is not scoped to a chat user.
  const linkViewer = { userId: 'export-link', role: 'admin' as const };
  return createExportLinks({
    secret: config.secret,
    baseUrl,
    ttlMs: config.ttlHours * 3600 * 1000,
    clock: app.clock,
    logger: app.logger,
    exportFile: async (attemptId) => (await app.store.manifests.getForViewer(attemptId, linkViewer))?.exportFilePath ?? undefined,
    chartFile: async (attemptId) => ((await app.store.manifests.getForViewer(attemptId, linkViewer)) ? chartPngPath(app.config.dataDir, attemptId) : undefined),
  });
}

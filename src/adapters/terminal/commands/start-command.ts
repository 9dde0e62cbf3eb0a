// `threadsql start` (npm start): the HTTP server with /healthz, and one line per platform saying
// whether it is on and why.
import type { App } from '../../../app.ts';
import { createSlackAdapter, SLACK_EVENTS_PATH, SlackStartError, type SlackAdapter } from '../../slack/app.ts';
import { healthRoute } from '../../../server/healthz.ts';
import { startHttpServer } from '../../../server/http-server.ts';
import { printLine } from '../output.ts';

export async function startCommand(app: App, stop: AbortSignal): Promise<number> {
  const slack = await startSlack(app);
  const server = await startHttpServer({
    host: app.config.host,
    port: app.config.port,
    routes: [healthRoute(app), app.metrics.route(), ...(slack.adapter?.routes ?? [])],
    logger: app.logger,
  });
  if (slack.adapter) await slack.adapter.start();
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
  printLine('  teams:     off (the Teams adapter is not part of this build yet)');
  printLine('  web:       off (the web app is not part of this build yet); try: npx threadsql chat');
  printLine(
    app.config.llm
      ? `  model:     ${app.config.llm.model}${app.config.llm.baseURL ? ` at ${new URL(app.config.llm.baseURL).host}` : ''}`
      : '  model:     none (OPENAI_MODEL not set): questions close to a knowledge-base example are answered, others get setup help',
  );
  printLine('Press Ctrl-C to stop.');

  await new Promise<void>((resolve) => stop.addEventListener('abort', () => resolve(), { once: true }));
  await slack.adapter?.stop();
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

// `threadsql ask "<question>" [--json] [--thread <key>]`: one question through the engine, as a
// script or a test would ask it. A thread key makes follow-ups work across invocations.
import type { App } from '../../../app.ts';
import type { EngineInput } from '../../../engine/engine-input.ts';
import type { Reply } from '../../../engine/reply.ts';
import { renderReplyText } from '../render-reply.ts';
import { terminalUserName } from '../terminal-user.ts';
import { EXIT, jsonColumns, printError, printJson, printLine } from '../output.ts';

export function terminalInput(text: string, threadKey: string): EngineInput {
  const user = terminalUserName();
  return { platform: 'terminal', tenantId: '', channelId: 'cli', threadKey, userId: user, userDisplayName: user, text, isDirectMessage: true };
}

export function replyJson(reply: Reply): Record<string, unknown> {
  const table = reply.parts.find((p) => p.kind === 'table');
  const sql = reply.parts.find((p) => p.kind === 'sql');
  const csv = reply.parts.find((p) => p.kind === 'csv');
  return {
    attemptId: reply.attemptId ?? null,
    kind: reply.kind,
    status: reply.status ?? null,
    text: reply.text,
    sql: sql?.kind === 'sql' ? sql.sql : null,
    columns: table?.kind === 'table' ? jsonColumns(table.columns) : [],
    rows: table?.kind === 'table' ? table.rows : [],
    totalRows: table?.kind === 'table' ? table.totalRows : 0,
    pageCount: table?.kind === 'table' ? table.pageCount : 0,
    csvPath: csv?.kind === 'csv' ? csv.path : null,
    exportTruncated: csv?.kind === 'csv' ? csv.truncated : false,
    notices: reply.parts.flatMap((p) => (p.kind === 'notice' ? [{ tone: p.tone, text: p.text }] : [])),
    actions: reply.actions,
  };
}

export async function askCommand(app: App, question: string, options: { json: boolean; thread?: string }, signal: AbortSignal): Promise<number> {
  const threadKey = options.thread ?? `ask-${app.clock.newId()}`;
  const reply = await app.engine.handleMessage(terminalInput(question, threadKey), (p) => {
    if (!options.json) process.stderr.write(`… ${p.text}\n`);
  }, signal);
  if (!reply) {
    printError('that message was already answered.');
    return EXIT.failed;
  }
  if (options.json) printJson({ ...replyJson(reply), thread: threadKey });
  else printLine(renderReplyText(reply, { color: process.stdout.isTTY, width: process.stdout.columns }));
  return reply.kind === 'error' ? EXIT.failed : EXIT.ok;
}

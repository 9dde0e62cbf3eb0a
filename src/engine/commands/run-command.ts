// The engine's commands, the same for every platform (adapters map slash commands and buttons onto
// them). Privacy: every read of attempts, SQL, pages or files goes through the store's viewer-scoped
// queries, so a non-admin can only ever reach their own.
import { fetchPage } from '../result-pages.ts';
import { replyWithChart, shortId } from '../answer-reply.ts';
import { executeForAttempt } from '../run-statement.ts';
import type { Reply } from '../reply.ts';
import type { Command } from './parse-command.ts';
import type { CommandContext } from './command-context.ts';
import { findTable, formatSchemaOverview, formatTable, suggestTables } from '../../warehouse/schema-format.ts';
import { checkKbFile, listKbFiles } from '../../kb/check-kb.ts';
import { webSignInLink } from './web-sign-in-link.ts';

const fmt = (n: number) => n.toLocaleString('en-US');

export const HELP_TEXT = `Ask a question about the data in plain words, in this thread. Follow-ups build on the previous answer ("only Europe", "by week instead").
Commands:
• help — this text
• history [n] [all] — your recent questions (all: everyone's, admins)
• history search <words> — search your questions
• show <id> — question, SQL, status and timings of an attempt
• page <id> <n> — page n of a result
• retry <id> — run an attempt again
• sql <SELECT …> — run SQL directly (read-only)
• schema [table] — the tables, or one table in detail; schema refresh — reload it (admins)
• kb reload — re-read the knowledge base (admins)
• stats [weeks] — usage per week (admins)
• new topic — start afresh in this thread
• web — a one-time link that signs you in to the web app (sent only to you)
• feedback <id> up|down [comment]`;

function text(kind: Reply['kind'], body: string, extra: Partial<Reply> = {}): Reply {
  return { kind, text: body, parts: [], actions: [], ...extra };
}

function notFound(id: string): Reply {
  return text('error', `There is no attempt ${id} that you can see.`);
}

export async function runCommand(ctx: CommandContext, command: Command): Promise<Reply> {
  const { store } = ctx.deps.statement;
  const viewer = ctx.viewer;
  const isAdmin = viewer.role === 'admin';
  switch (command.name) {
    case 'help':
      return text('command', HELP_TEXT);

    case 'history':
    case 'history_search': {
      const all = command.name === 'history' && command.all && isAdmin;
      const rows = await store.attempts.listForViewer(viewer, {
        limit: command.name === 'history' ? Math.min(command.limit, 50) : 20,
        all,
        search: command.name === 'history_search' ? command.words : undefined,
      });
      if (rows.length === 0) return text('command', command.name === 'history' ? 'No questions yet.' : `Nothing in your history matches "${command.words}".`, { private: true });
      const lines = rows.map((r) => {
        const what = r.naturalLanguageQuery ?? r.generatedSql ?? '';
        const when = r.createdAt.toISOString().slice(0, 16).replace('T', ' ');
        return `${shortId(r.id)}  ${when}  ${r.status.padEnd(17)} ${what.replace(/\s+/g, ' ').slice(0, 80)}`;
      });
      const head = command.name === 'history' && command.all && !isAdmin ? 'Only admins can see everyone\'s history; here is yours.\n' : '';
      return text('command', `${head}${lines.join('\n')}`, { private: true });
    }

    case 'show': {
      const id = await store.attempts.resolveIdForViewer(command.attemptId, viewer);
      const a = id ? await store.attempts.getForViewer(id, viewer) : undefined;
      if (!a) return notFound(command.attemptId);
      const lines = [
        `Attempt ${a.id}`,
        a.naturalLanguageQuery ? `Question: ${a.naturalLanguageQuery}` : undefined,
        `Status: ${a.status}${a.error ? ` — ${a.error}` : ''}`,
        `Asked: ${a.createdAt.toISOString()}`,
        a.generationMs !== null ? `Writing SQL: ${fmt(a.generationMs)} ms${a.model ? ` (${a.model}${a.promptTokens !== null ? `, ${fmt(a.promptTokens)}+${fmt(a.completionTokens ?? 0)} tokens` : ''})` : ''}` : undefined,
        a.executionMs !== null ? `Running: ${fmt(a.executionMs)} ms` : undefined,
        a.originalAttemptId ? `Retry of: ${shortId(a.originalAttemptId)}` : undefined,
      ].filter(Boolean);
      return text('command', lines.join('\n'), { private: true, parts: a.generatedSql ? [{ kind: 'sql', sql: a.generatedSql }] : [], attemptId: a.id });
    }

    case 'page': {
      const id = await store.attempts.resolveIdForViewer(command.attemptId, viewer);
      if (!id) return notFound(command.attemptId);
      const page = await fetchPage(ctx.deps.statement, viewer, id, command.page, ctx.signal);
      if (!page.ok) return text('error', page.message);
      return {
        kind: 'answer',
        text: page.message,
        parts: [{ kind: 'table', columns: page.columns, rows: page.rows, page: page.page, pageCount: page.pageCount, pageSize: page.pageSize, totalRows: page.totalRows }],
        actions: [
          ...(page.page > 1 ? [{ kind: 'page' as const, attemptId: id, page: page.page - 1, label: 'Previous page' }] : []),
          ...(page.page < page.pageCount ? [{ kind: 'page' as const, attemptId: id, page: page.page + 1, label: 'Next page' }] : []),
        ],
        attemptId: id,
      };
    }

    case 'retry': {
      const id = await store.attempts.resolveIdForViewer(command.attemptId, viewer);
      const a = id ? await store.attempts.getForViewer(id, viewer) : undefined;
      if (!a) return notFound(command.attemptId);
      if (a.naturalLanguageQuery && a.sqlSource !== 'user') return ctx.askAgain(a.naturalLanguageQuery, a.id);
      if (!a.generatedSql) return text('error', `Attempt ${shortId(a.id)} has nothing to run again.`);
      const retryId = await store.attempts.start({ userId: viewer.userId, platform: ctx.platform, sessionId: ctx.sessionId, sql: a.generatedSql, sqlSource: 'user', originalAttemptId: a.id });
      const outcome = await executeForAttempt(ctx.deps.statement, retryId, a.generatedSql, { signal: ctx.signal });
      return replyWithChart(ctx.deps.statement, outcome, { question: null, preface: `Ran attempt ${shortId(a.id)} again.` });
    }

    case 'sql': {
      const allowed = ctx.rawSql === 'everyone' || (ctx.rawSql === 'admins' && isAdmin);
      if (!allowed) {
        return text('error', ctx.rawSql === 'nobody' ? 'Running SQL directly is turned off here; ask the question in words instead.' : 'Only admins can run SQL directly here; ask the question in words instead.');
      }
      const attemptId = await store.attempts.start({ userId: viewer.userId, platform: ctx.platform, sessionId: ctx.sessionId, sql: command.sql, sqlSource: 'user' });
      const outcome = await executeForAttempt(ctx.deps.statement, attemptId, command.sql, { signal: ctx.signal });
      return replyWithChart(ctx.deps.statement, outcome, { question: null });
    }

    case 'schema': {
      const schema = await ctx.deps.statement.schema.ensure();
      if (!command.table) {
        return text('command', `${schema.tableCount} tables, ${schema.columnCount} columns (snapshot ${shortId(schema.snapshotId)}, loaded ${schema.loadedAt.toISOString()}):\n${formatSchemaOverview(schema.description)}`);
      }
      const found = findTable(schema.description, command.table);
      if (!found) {
        const close = suggestTables(schema.description, command.table);
        return text('error', `There is no table "${command.table}"${close.length ? `; did you mean ${close.join(', ')}?` : '.'}`);
      }
      return text('command', formatTable(schema.description, command.table) ?? '');
    }

    case 'schema_refresh': {
      if (!isAdmin) return text('error', 'Only admins can refresh the schema.');
      const r = await ctx.deps.statement.schema.refresh();
      const kbLines: string[] = [];
      for (const file of await listKbFiles(ctx.kbDir).catch(() => [] as string[])) {
        const check = await checkKbFile(file, { catalog: r.schema.catalog, warehouse: ctx.deps.statement.warehouse, timeoutMs: ctx.deps.statement.limits.statementTimeoutMs });
        if (!check.ok) kbLines.push(`• ${check.file}: ${check.problem}`);
      }
      await ctx.deps.kb.reload(r.schema.catalog);
      return text(
        'command',
        [
          `Schema refreshed: ${r.schema.tableCount} tables, ${r.schema.columnCount} columns${r.isNewSnapshot ? ' (new snapshot)' : ''}.`,
          ...r.changes,
          r.cacheCleared ? `${fmt(r.cacheCleared)} cached answers cleared.` : undefined,
          kbLines.length ? `Knowledge-base examples that no longer work:\n${kbLines.join('\n')}` : 'Every knowledge-base example still works.',
        ]
          .filter(Boolean)
          .join('\n'),
      );
    }

    case 'kb_reload': {
      if (!isAdmin) return text('error', 'Only admins can reload the knowledge base.');
      const schema = ctx.deps.statement.schema.current();
      const r = await ctx.deps.kb.reload(schema?.catalog);
      const errors = r.errors.map((e) => `• ${e.file}: ${e.reason}`);
      return text('command', [`Knowledge base reloaded: ${r.examples} examples, ${r.notes} notes (${r.changed} changed, ${r.removed} removed).`, ...errors].join('\n'));
    }

    case 'stats': {
      if (!isAdmin) return text('error', 'Only admins can see usage stats.', { private: true });
      const rows = await store.metrics.rollup(command.weeks);
      if (rows.length === 0) return text('command', `No attempts in the last ${command.weeks} weeks.`, { private: true });
      const lines = rows.map(
        (r) =>
          `${r.weekStart}  ${r.userId.slice(0, 8)}  attempts ${fmt(r.attemptsCount)}  executed ${fmt(r.executedCount)}  success ${fmt(r.successCount)}  tokens ${fmt(r.promptTokens + r.completionTokens)}${r.costUsd ? `  $${r.costUsd.toFixed(4)}` : ''}`,
      );
      return text('command', `Usage, last ${command.weeks} weeks (week, user, counts):\n${lines.join('\n')}`, { private: true });
    }

    case 'new_topic': {
      await store.sessions.revoke(ctx.sessionId);
      return text('command', 'New topic: earlier questions in this thread no longer shape the next answers.');
    }

    case 'web':
      return webSignInLink(ctx);

    case 'feedback': {
      const id = await store.attempts.resolveIdForViewer(command.attemptId, viewer);
      const ok = id ? await store.attempts.recordFeedback(id, viewer, command.value, command.text ?? null) : false;
      return ok ? text('command', `Thanks — feedback recorded on ${shortId(id!)}.`, { private: true }) : notFound(command.attemptId);
    }
  }
}

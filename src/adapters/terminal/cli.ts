// The `threadsql` command line: start, sql, page, schema, schema refresh, kb check, users. Parses
// arguments, builds the app with the same wiring as the server, runs one command, exits.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { createApp, type App } from '../../app.ts';
import { loadConfig } from '../../config/config.ts';
import { isThreadsqlError } from '../../lib/errors.ts';
import { createLogger } from '../../lib/logger.ts';
import { redact } from '../../lib/redact.ts';
import { askCommand } from './commands/ask-command.ts';
import { chartCommand, CHART_TYPES_TEXT } from './commands/chart-command.ts';
import { chatCommand } from './commands/chat-command.ts';
import { kbCheckCommand } from './commands/kb-check-command.ts';
import { pageCommand } from './commands/page-command.ts';
import { schemaCommand, schemaRefreshCommand } from './commands/schema-command.ts';
import { sqlCommand } from './commands/sql-command.ts';
import { startCommand } from './commands/start-command.ts';
import { usersCommand, type UsersAction } from './commands/users-command.ts';
import { EXIT, printError, printLine } from './output.ts';

const USAGE = `Usage: threadsql <command> [options]

  start                         run the server (HTTP /healthz, /metrics; platforms as configured)
  chat                          ask questions in this terminal (a thread: follow-ups build on answers)
  ask "<question>" [--json] [--thread <key>]
                                one question; the same --thread key continues a conversation
  sql "<SELECT …>" [--json]     run one read-only statement and print the first page
  sql - [--json]                read the statement from standard input
  page <attemptId> <n> [--json] print page n of an earlier result
  chart <attemptId> [--type ${CHART_TYPES_TEXT}] [--out file.png] [--json]
                                draw an earlier result's chart to a PNG (no query runs)
  schema [table] [--json]       the warehouse schema, or one table in detail
  schema refresh [--json]       introspect again and report what changed
  kb check [dir] [--json]       parse, guard and run every knowledge-base file
  users add <name> [--admin]    a web sign-in user (shared mode); the password is asked twice,
                                or read from the first line of standard input when piped
  users list [--json]           the web password users
  users remove <name>           switch a web user off and end their sessions
  users passwd <name>           set a new password and end their sessions
  help                          this text

Configuration comes from the environment; see README.md or .env.example.`;

async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options: { json: { type: 'boolean' }, admin: { type: 'boolean' }, help: { type: 'boolean', short: 'h' }, thread: { type: 'string' }, type: { type: 'string' }, out: { type: 'string' } } });
  } catch (err) {
    printError(`${(err as Error).message}\n\n${USAGE}`);
    return EXIT.usage;
  }
  const [command, ...rest] = parsed.positionals;
  const json = parsed.values.json ?? false;
  if (!command || command === 'help' || parsed.values.help) {
    printLine(USAGE);
    return command || parsed.values.help ? EXIT.ok : EXIT.usage;
  }

  const usage = validate(command, rest);
  if (usage) {
    printError(`${usage}\n\n${USAGE}`);
    return EXIT.usage;
  }

  const config = loadConfig();
  const logger = createLogger(command === 'start' || config.logLevelSet ? config.logLevel : 'warn');
  const controller = new AbortController();
  let interrupts = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    interrupts++;
    if (interrupts > 1) process.exit(EXIT.interrupted); // a second Ctrl-C: stop now
    logger.info({ signal }, 'stopping');
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  const sql = command === 'sql' ? (rest[0] === '-' ? readFileSync(0, 'utf8') : rest.join(' ')) : '';
  const conversational = command === 'start' || command === 'ask' || command === 'chat';
  const app: App = await createApp(config, { logger, loadSchema: conversational, loadKb: conversational });
  try {
    switch (command) {
      case 'start':
        return await startCommand(app, controller.signal);
      case 'ask':
        return await askCommand(app, rest.join(' '), { json, thread: parsed.values.thread }, controller.signal);
      case 'chat':
        return await chatCommand(app, controller.signal);
      case 'sql':
        return await sqlCommand(app, sql, json, controller.signal);
      case 'page':
        return await pageCommand(app, rest[0]!, Number(rest[1]), json, controller.signal);
      case 'chart':
        return await chartCommand(app, rest[0]!, { type: parsed.values.type, out: parsed.values.out, json });
      case 'schema':
        return rest[0] === 'refresh' ? await schemaRefreshCommand(app, json) : await schemaCommand(app, rest[0], json);
      case 'kb':
        return await kbCheckCommand(app, rest[1], json);
      case 'users':
        return await usersCommand(app, usersAction(rest, parsed.values.admin ?? false), json);
      default:
        return EXIT.usage;
    }
  } finally {
    await app.close();
  }
}

function validate(command: string, rest: string[]): string | undefined {
  switch (command) {
    case 'start':
    case 'chat':
      return rest.length ? `${command} takes no arguments` : undefined;
    case 'ask':
      return rest.length === 0 ? 'ask needs a question' : undefined;
    case 'sql':
      return rest.length === 0 ? 'sql needs a statement, or - to read it from standard input' : undefined;
    case 'page':
      return rest.length !== 2 || !/^\d+$/.test(rest[1] ?? '') ? 'page needs an attempt id and a page number' : undefined;
    case 'chart':
      return rest.length !== 1 ? 'chart needs one attempt id' : undefined;
    case 'schema':
      return rest.length > 1 ? 'schema takes at most one table name, or "refresh"' : undefined;
    case 'kb':
      return rest[0] !== 'check' || rest.length > 2 ? 'kb supports: kb check [dir]' : undefined;
    case 'users':
      if (rest[0] === 'list') return rest.length === 1 ? undefined : 'users list takes no arguments';
      return ['add', 'remove', 'passwd'].includes(rest[0] ?? '') && rest.length === 2 ? undefined : 'users supports: users add <name> [--admin], users list, users remove <name>, users passwd <name>';
    default:
      return `unknown command "${command}"`;
  }
}

function usersAction(rest: string[], admin: boolean): UsersAction {
  const [action, name = ''] = rest;
  if (action === 'add') return { action, name, admin };
  if (action === 'remove' || action === 'passwd') return { action, name };
  return { action: 'list' };
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
    // Everything is closed by now; if a stray handle would keep the process alive, don't let it.
    setTimeout(() => process.exit(code), 2000).unref();
  },
  (err: unknown) => {
    // Start-up failures (bad config, corrupt store, unwritable data dir) end here: one clear line.
    printError(isThreadsqlError(err) ? err.userMessage : redact(err instanceof Error ? err.message : String(err)));
    process.exitCode = EXIT.failed;
  },
);

// `threadsql sql "SELECT …" [--json]` and `threadsql sql -` (statement from standard input).
import { runStatement } from '../../../engine/run-statement.ts';
import type { App } from '../../../app.ts';
import { terminalViewer } from '../terminal-user.ts';
import { EXIT, jsonColumns, printError, printJson, printLine, printRows } from '../output.ts';

export async function sqlCommand(app: App, sql: string, json: boolean, signal: AbortSignal): Promise<number> {
  const viewer = await terminalViewer(app.store);
  const outcome = await runStatement(app.statementDeps, { userId: viewer.userId, platform: 'terminal', sql, sqlSource: 'user', signal });
  if (json) {
    printJson({
      attemptId: outcome.attemptId,
      status: outcome.status,
      sql: outcome.sql,
      columns: outcome.ok ? jsonColumns(outcome.result.columns) : [],
      rows: outcome.ok ? outcome.result.firstPage : [],
      totalRows: outcome.ok ? outcome.result.totalRows : 0,
      pageCount: outcome.ok ? outcome.result.pageCount : 0,
      csvPath: outcome.ok ? outcome.result.csvPath : null,
      exportTruncated: outcome.ok ? outcome.result.exportTruncated : false,
      message: outcome.message,
      ...(outcome.ok ? {} : { errorCode: outcome.errorCode, ...(outcome.rule ? { rule: outcome.rule } : {}) }),
    });
  } else if (outcome.ok) {
    printRows(outcome.result.columns, outcome.result.firstPage);
    printLine();
    printLine(outcome.message);
    printLine(`attempt ${outcome.attemptId} · CSV ${outcome.result.csvPath}${outcome.result.pageCount > 1 ? ` · next: threadsql page ${outcome.attemptId} 2` : ''}`);
  } else {
    printError(`${outcome.message} (attempt ${outcome.attemptId}, ${outcome.status})`);
  }
  if (outcome.ok) return EXIT.ok;
  return outcome.errorCode === 'query_cancelled' ? EXIT.interrupted : EXIT.failed;
}

// `threadsql page <attemptId> <n> [--json]`.
import { fetchPage } from '../../../engine/result-pages.ts';
import type { App } from '../../../app.ts';
import { terminalViewer } from '../terminal-user.ts';
import { EXIT, jsonColumns, printError, printJson, printLine, printRows } from '../output.ts';

export async function pageCommand(app: App, attemptId: string, page: number, json: boolean, signal: AbortSignal): Promise<number> {
  const viewer = await terminalViewer(app.store);
  const outcome = await fetchPage(app.statementDeps, viewer, attemptId, page, signal);
  if (json) {
    printJson(
      outcome.ok
        ? { attemptId, page, pageCount: outcome.pageCount, totalRows: outcome.totalRows, columns: jsonColumns(outcome.columns), rows: outcome.rows, source: outcome.source, message: outcome.message }
        : { attemptId, page, errorCode: outcome.errorCode, message: outcome.message },
    );
  } else if (outcome.ok) {
    printRows(outcome.columns, outcome.rows);
    printLine();
    printLine(outcome.message);
  } else {
    printError(outcome.message);
  }
  return outcome.ok ? EXIT.ok : EXIT.failed;
}

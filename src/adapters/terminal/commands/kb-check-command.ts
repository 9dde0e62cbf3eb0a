// `threadsql kb check [dir] [--json]`: one line per file; exit code 1 if any fails.
import path from 'node:path';
import type { App } from '../../../app.ts';
import { checkKbFile, listKbFiles, type KbCheckResult } from '../../../kb/check-kb.ts';
import { EXIT, printError, printJson, printLine } from '../output.ts';

export async function kbCheckCommand(app: App, dir: string | undefined, json: boolean): Promise<number> {
  const folder = path.resolve(dir ?? app.config.kbDir);
  let files: string[];
  try {
    files = await listKbFiles(folder);
  } catch {
    printError(`cannot read the knowledge-base folder ${folder}.`);
    return EXIT.failed;
  }
  const schema = await app.schema.ensure().catch(() => undefined);
  if (!schema) {
    printError('the warehouse cannot be reached, so the knowledge base cannot be checked.');
    return EXIT.failed;
  }
  const results: KbCheckResult[] = [];
  for (const file of files) {
    const r = await checkKbFile(file, { catalog: schema.catalog, warehouse: app.warehouse, timeoutMs: app.config.statementTimeoutMs });
    results.push(r);
    if (!json) printLine(r.ok ? `ok    ${r.file}  (${r.rows} rows, ${r.ms} ms)` : `FAIL  ${r.file}  ${r.problem}`);
  }
  const failed = results.filter((r) => !r.ok).length;
  if (json) printJson({ dir: folder, files: results.length, failed, results });
  else printLine(`${results.length - failed} of ${results.length} knowledge-base files passed${failed ? `; ${failed} failed` : ''}.`);
  return failed > 0 ? EXIT.failed : EXIT.ok;
}

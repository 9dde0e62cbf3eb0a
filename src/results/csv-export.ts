// Writes the CSV export while the result streams (RFC 4180, UTF-8, header row, CRLF line ends),
// honouring back-pressure so a slow disk never makes us buffer the result in memory. The file is
// written under a temporary name and renamed into place only when complete.
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { once } from 'node:events';
import { stringify, type Options, type Stringifier } from 'csv-stringify';
import { stringify as stringifySync } from 'csv-stringify/sync';
import type { Cell } from '../warehouse/types.ts';
import { cellToCsvField } from './csv-cells.ts';

/** Our CSV: CRLF line ends; NULL → empty field, '' → "" (a per-field override), so the two stay distinct. */
export const CSV_FORMAT: Options = {
  record_delimiter: 'windows',
  cast: { string: (s) => (s === '' ? { value: '', quoted_empty: true } : s) },
};

/** A small result (one page) as CSV text in memory, written exactly like the streamed export. */
export function csvText(header: string[], rows: Cell[][]): string {
  return stringifySync([header, ...rows.map((row) => row.map(cellToCsvField))], CSV_FORMAT);
}

export interface CsvExport {
  readonly filePath: string;
  write(rows: Cell[][]): Promise<void>;
  /** Flush and move into place. */
  finish(): Promise<void>;
  /** Remove whatever was written (the query failed). */
  abort(): Promise<void>;
}

export async function openCsvExport(filePath: string, header: string[]): Promise<CsvExport> {
  await mkdir(path.dirname(filePath), { recursive: true });
  const partial = `${filePath}.partial`;
  const file: WriteStream = createWriteStream(partial, { encoding: 'utf8' });
  const csv: Stringifier = stringify(CSV_FORMAT);
  csv.pipe(file);
  csv.write(header);

  let closed = false;
  return {
    filePath,
    async write(rows) {
      for (const row of rows) {
        if (!csv.write(row.map(cellToCsvField))) await once(csv, 'drain');
      }
    },
    async finish() {
      closed = true;
      csv.end();
      await once(file, 'close');
      await rename(partial, filePath);
    },
    async abort() {
      if (!closed) {
        closed = true;
        csv.destroy();
        file.destroy();
      }
      await rm(partial, { force: true });
      await rm(filePath, { force: true });
    },
  };
}

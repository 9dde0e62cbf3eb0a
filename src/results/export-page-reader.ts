// Reads one page back from a CSV export, restoring typed Cells from the manifest's column types.
// Streams the file, so page 20 of a 10,000-row export never loads the whole file.
import { createReadStream } from 'node:fs';
import { parse } from 'csv-parse';
import type { Cell, ColumnMeta } from '../warehouse/types.ts';
import { csvFieldToCell } from './csv-cells.ts';

/** Rows [offset, offset + limit) of the export (header excluded). */
export async function readExportRows(filePath: string, columns: ColumnMeta[], offset: number, limit: number): Promise<Cell[][]> {
  const types = columns.map((c) => c.type);
  const parser = createReadStream(filePath).pipe(
    parse({
      relax_column_count: false,
      // Keep the difference between NULL (empty, unquoted) and '' (quoted) from the writer. The first
      // record is the header: names stay text.
      cast: (value, context) =>
        context.records === 0 ? value : csvFieldToCell(types[context.index] ?? 'text', value, context.quoting),
    }),
  );
  const rows: Cell[][] = [];
  let index = -1; // the header is record -1
  for await (const record of parser as AsyncIterable<Cell[]>) {
    if (index >= offset + limit) break;
    if (index >= offset) rows.push(record);
    index++;
  }
  parser.destroy();
  return rows;
}

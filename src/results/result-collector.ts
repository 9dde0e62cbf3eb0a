// The RowConsumer every query streams into: keeps the first page in memory, writes the CSV export
// (at most exportRowLimit rows) as rows arrive, and counts the total. Nothing else of the result is
// kept, so memory stays bounded whatever the row count.
import type { Cell, ColumnMeta, RowConsumer } from '../warehouse/types.ts';
import { openCsvExport, type CsvExport } from './csv-export.ts';
import { removePages, writePage } from './page-files.ts';

export interface CollectorOptions {
  pageSize: number;
  exportRowLimit: number;
  exportPath: string;
  /** Where the pages the export covers are kept as JSON (page-files.ts). */
  pagesDir: string;
}

export interface CollectedResult {
  columns: ColumnMeta[];
  firstPage: Cell[][];
  totalRows: number;
  pageSize: number;
  pageCount: number;
  exportRowLimit: number;
  exportRowCount: number;
  exportTruncated: boolean;
  exportPath: string;
}

export interface ResultCollector extends RowConsumer {
  finish(): Promise<CollectedResult>;
  abort(): Promise<void>;
}

export function createResultCollector(options: CollectorOptions): ResultCollector {
  let columns: ColumnMeta[] = [];
  let csv: CsvExport | undefined;
  const firstPage: Cell[][] = [];
  let total = 0;
  let exported = 0;
  // The page being filled (only rows the export covers); never more than pageSize rows.
  let pageRows: Cell[][] = [];
  let pageNumber = 1;
  const flushPage = async () => {
    if (pageRows.length === 0) return;
    await writePage(options.pagesDir, pageNumber, pageRows);
    pageNumber++;
    pageRows = [];
  };

  return {
    async columns(cols) {
      columns = cols;
      csv = await openCsvExport(options.exportPath, cols.map((c) => c.name));
    },
    async rows(batch) {
      for (let i = 0; i < batch.length && firstPage.length < options.pageSize; i++) firstPage.push(batch[i]!);
      const room = options.exportRowLimit - exported;
      if (room > 0 && csv) {
        const slice = batch.length <= room ? batch : batch.slice(0, room);
        await csv.write(slice);
        exported += slice.length;
        for (const row of slice) {
          pageRows.push(row);
          if (pageRows.length === options.pageSize) await flushPage();
        }
      }
      total += batch.length;
    },
    async finish() {
      if (!csv) csv = await openCsvExport(options.exportPath, []);
      await csv.finish();
      // The last, partly filled page is complete only if the export holds every row.
      if (exported === total) await flushPage();
      return {
        columns,
        firstPage,
        totalRows: total,
        pageSize: options.pageSize,
        pageCount: Math.max(1, Math.ceil(total / options.pageSize)),
        exportRowLimit: options.exportRowLimit,
        exportRowCount: exported,
        exportTruncated: total > exported,
        exportPath: options.exportPath,
      };
    },
    async abort() {
      await csv?.abort();
      await removePages(options.pagesDir);
    },
  };
}

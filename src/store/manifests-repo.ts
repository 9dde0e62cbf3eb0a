// Result manifests: the shape of an attempt's result and where its export lives. Read only
// through a Viewer, with the same rule as the attempt it belongs to.
import { and, eq, getTableColumns } from 'drizzle-orm';
import type { RepoDeps } from './db.ts';
import { queryAttempts, queryResultsManifest, type ManifestColumn, type ManifestRow } from './schema.ts';
import { visibleAttempts, type Viewer } from './viewer.ts';

export interface ManifestInput {
  attemptId: string;
  columns: ManifestColumn[];
  totalRows: number;
  /** The THREADSQL_MAX_ROWS cap stopped reading; totalRows is then a lower bound. */
  rowCountCapped?: boolean | undefined;
  pageSize: number;
  pageCount: number;
  exportRowLimit: number;
  exportTruncated: boolean;
  exportFilePath?: string | null | undefined;
  exportRowCount: number;
  chartSpec?: Record<string, unknown> | null | undefined;
}

export interface ManifestsRepo {
  /** Write (or rewrite, e.g. once a chart is drawn) the manifest of an attempt. */
  save(manifest: ManifestInput): Promise<void>;
  /**
   * Keep the Vega-Lite spec of the chart drawn for an attempt (null: no chart) beside its manifest.
   * Returns false when the attempt has no manifest. Not viewer-scoped: the engine calls it for the
   * attempt it just answered.
   */
  saveChartSpec(attemptId: string, chartSpec: Record<string, unknown> | null): Promise<boolean>;
  /** The manifest, or undefined when there is none OR the viewer may not see its attempt. */
  getForViewer(attemptId: string, viewer: Viewer): Promise<ManifestRow | undefined>;
}

export function createManifestsRepo({ db, clock }: RepoDeps): ManifestsRepo {
  return {
    async save(manifest) {
      const values = {
        attemptId: manifest.attemptId,
        columns: manifest.columns.map(({ name, type }) => ({ name, type })),
        totalRows: manifest.totalRows,
        rowCountCapped: manifest.rowCountCapped ?? false,
        pageSize: manifest.pageSize,
        pageCount: manifest.pageCount,
        exportRowLimit: manifest.exportRowLimit,
        exportTruncated: manifest.exportTruncated,
        exportFilePath: manifest.exportFilePath ?? null,
        exportRowCount: manifest.exportRowCount,
        chartSpec: manifest.chartSpec ?? null,
        createdAt: clock.now(),
      };
      const { attemptId: _key, createdAt: _created, ...update } = values;
      await db
        .insert(queryResultsManifest)
        .values(values)
        .onConflictDoUpdate({ target: queryResultsManifest.attemptId, set: update })
        .run();
    },

    async saveChartSpec(attemptId, chartSpec) {
      const result = await db
        .update(queryResultsManifest)
        .set({ chartSpec })
        .where(eq(queryResultsManifest.attemptId, attemptId))
        .run();
      return result.rowsAffected > 0;
    },

    async getForViewer(attemptId, viewer) {
      return db
        .select(getTableColumns(queryResultsManifest))
        .from(queryResultsManifest)
        .innerJoin(queryAttempts, eq(queryAttempts.id, queryResultsManifest.attemptId))
        .where(and(eq(queryResultsManifest.attemptId, attemptId), visibleAttempts(viewer)))
        .get();
    },
  };
}

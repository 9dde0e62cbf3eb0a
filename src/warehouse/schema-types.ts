// The shape of an introspected warehouse schema, as stored in schema_snapshots.tables_json and
// served from memory afterwards. Used by the guard (which relations exist), the prompt (later),
// and `threadsql schema`.

export type RelationKind = 'table' | 'partitioned_table' | 'view' | 'materialized_view' | 'foreign_table';

export interface SchemaColumn {
  name: string;
  /** Formatted type, as `format_type()` prints it: `integer`, `numeric(10,2)`, `mpaa_rating`, `text[]`. */
  type: string;
  nullable: boolean;
  default: string | null;
  comment: string | null;
  /** For a column whose type is a domain: the domain's base type as `format_type()` prints it (`year` → `integer`). */
  domainBase?: string;
  /** When the type is an enum (directly, through a domain, or as an array element): the enum as "schema.name". */
  enumType?: string;
}

export interface SchemaForeignKey {
  name: string;
  columns: string[];
  refSchema: string;
  refTable: string;
  refColumns: string[];
}

export interface SchemaTable {
  schema: string;
  name: string;
  kind: RelationKind;
  comment: string | null;
  /** pg_class.reltuples (or the sum over partitions); null when never analysed. */
  rowEstimate: number | null;
  columns: SchemaColumn[];
  primaryKey: string[];
  foreignKeys: SchemaForeignKey[];
  /** For a partition: the parent it belongs to ("schema.name"). */
  partitionOf?: string;
}

export interface SchemaEnum {
  schema: string;
  name: string;
  values: string[];
}

export interface SchemaDescription {
  /** Sorted by schema, then name, so the hash is stable. */
  tables: SchemaTable[];
  enums: SchemaEnum[];
  /** The schemas unqualified names resolve in, in order (the role's effective search_path). */
  searchPath: string[];
}

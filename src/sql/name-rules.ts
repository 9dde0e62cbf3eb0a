// The rules for names the parse tree refers to: relations, functions, operators and types.
// Pure functions over already case-folded name parts, so each rule is testable on its own;
// walk.ts finds the names and applies these.

import { isAllowedFunction } from './allowed-functions.ts';
import { isAllowedOperator, isCatalogLookupType } from './allowed-syntax.ts';
import { deniedFunctionReason } from './forbidden.ts';
import { refuse, type Refusal } from './messages.ts';
import type { RelationCatalog } from './guard.ts';

export interface RelationRef {
  catalogname?: string;
  schemaname?: string;
  relname: string;
}

export type RelationOutcome = { kind: 'relation'; name: string } | { kind: 'cte' } | { kind: 'refused'; refusal: Refusal };

/**
 * A table reference must be a relation in the snapshot or a CTE in scope. System catalogs,
 * information_schema and other databases are not in the snapshot, so they are refused here.
 */
export function resolveRelation(ref: RelationRef, isCteInScope: (name: string) => boolean, catalog: RelationCatalog): RelationOutcome {
  const { catalogname, schemaname, relname } = ref;
  if (catalogname !== undefined) {
    // db.schema.table: another database (PostgreSQL refuses it too, but say so plainly).
    return { kind: 'refused', refusal: refuse.unknownRelation([catalogname, schemaname ?? '', relname]) };
  }
  if (schemaname !== undefined) {
    // Qualified names are never CTEs: WITH pg_authid AS (…) cannot mask pg_catalog.pg_authid.
    return catalog.has(schemaname, relname)
      ? { kind: 'relation', name: `${schemaname}.${relname}` }
      : { kind: 'refused', refusal: refuse.unknownRelation([schemaname, relname]) };
  }
  if (isCteInScope(relname)) return { kind: 'cte' };
  const home = catalog.searchPath.find((schema) => catalog.has(schema, relname));
  if (home === undefined) return { kind: 'refused', refusal: refuse.unknownRelation([relname]) };
  // PostgreSQL searches pg_catalog before the search path, so an unqualified pg_* name would
  // read the system catalog, not the warehouse table of the same name.
  if (relname.startsWith('pg_')) return { kind: 'refused', refusal: refuse.ambiguousRelation(home, relname) };
  return { kind: 'relation', name: `${home}.${relname}` };
}

/**
 * Functions: unqualified or pg_catalog-qualified, and on the allow-list. A warehouse's own
 * functions (Pagila's film_in_stock) are refused too: nobody has vetted what they do.
 */
export function checkFunctionName(parts: readonly string[]): Refusal | undefined {
  const name = parts[parts.length - 1] ?? '';
  const denied = deniedFunctionReason(name);
  if (denied !== undefined) return refuse.function(parts, denied);
  if (!isBuiltinQualified(parts) || !isAllowedFunction(name)) return refuse.function(parts);
  return undefined;
}

/**
 * Attribute notation calls functions too: customer.some_fn is some_fn(customer). Columns are
 * not in the snapshot, so only names on the explicit forbidden list are caught here.
 */
export function checkAttributeNames(expression: string, attributes: readonly string[]): Refusal | undefined {
  for (const attribute of attributes) {
    const denied = deniedFunctionReason(attribute);
    if (denied !== undefined) return refuse.attributeCall(expression, attribute, denied);
  }
  return undefined;
}

/**
 * Operators run functions; a symbol PostgreSQL does not define itself is a warehouse-defined
 * operator calling unvetted code. OPERATOR(schema.op) must name pg_catalog.
 */
export function checkOperatorName(parts: readonly string[]): Refusal | undefined {
  const symbol = parts[parts.length - 1] ?? '';
  return isBuiltinQualified(parts) && isAllowedOperator(symbol) ? undefined : refuse.operator(parts);
}

/**
 * Casts: reg* types look names up in the catalogs; other types must live in pg_catalog or on
 * the search path (the warehouse's own enums and domains, e.g. Pagila's mpaa_rating).
 */
export function checkTypeName(parts: readonly string[], searchPath: readonly string[]): Refusal | undefined {
  if (parts.length === 0) return undefined;
  const name = parts[parts.length - 1] ?? '';
  const schema = parts.length === 2 ? parts[0] : undefined;
  if (parts.length > 2 || (schema !== undefined && schema !== 'pg_catalog' && !searchPath.includes(schema))) {
    return refuse.unknownType(parts);
  }
  if ((schema === undefined || schema === 'pg_catalog') && isCatalogLookupType(name)) return refuse.catalogLookupType(name);
  return undefined;
}

/** `name` or `pg_catalog.name`: the only qualifications that reach PostgreSQL's built-ins. */
function isBuiltinQualified(parts: readonly string[]): boolean {
  return parts.length === 1 || (parts.length === 2 && parts[0] === 'pg_catalog');
}

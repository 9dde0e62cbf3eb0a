// The tree rules: one generic walk over EVERY object and array of the parse tree, so a function
// call or table reference hidden in any clause (WHERE, HAVING, ORDER BY, LIMIT, window frames,
// CASE, sub-selects, LATERAL, ROWS FROM, TABLESAMPLE, VALUES, ARRAY[], casts, …) is checked.
// libpg-query's JSON wraps most nodes as { NodeType: {fields} }; a few struct-typed fields are
// inline (SelectStmt.larg/rarg/withClause/intoClause, TypeCast.typeName, FuncCall.over). Wrapped
// node types not on the allow-list are refused; inline objects are walked field by field.

import { ALLOWED_TABLESAMPLE_METHODS } from './allowed-functions.ts';
import { isAllowedNode, REFUSED_NODE_LABELS } from './allowed-syntax.ts';
import { isStatementNode, ruleForStatement } from './forbidden.ts';
import { refuse, showQualified, type Refusal } from './messages.ts';
import { checkAttributeNames, checkFunctionName, checkOperatorName, checkTypeName, resolveRelation } from './name-rules.ts';
import { lockingLabel, statementLabel } from './statement-labels.ts';
import type { RelationCatalog } from './guard.ts';

type Obj = Record<string, unknown>;

/** JSON nesting deeper than this is refused (and keeps the recursion far from the JS stack limit). */
const MAX_DEPTH = 1500;

export interface TreeFindings {
  refusals: Array<Refusal & { priority: number }>;
  relations: Set<string>;
  functions: Set<string>;
}

/** Thrown to stop the walk when the tree is too deep; the guard turns it into a refusal. */
export class TooDeepError extends Error {}

/** CTE names visible at a point of the query, innermost WITH first. */
class Scope {
  constructor(
    private readonly names: ReadonlySet<string>,
    private readonly parent?: Scope,
  ) {}
  has(name: string): boolean {
    return this.names.has(name) || (this.parent?.has(name) ?? false);
  }
}

// Which refusal wins when a query breaks several rules: the statement's shape first (it says
// the most about intent), then syntax, then calls, then unknown tables.
const PRIORITY: Partial<Record<Refusal['rule'], number>> = {
  unsupported_syntax: 1,
  parameter_placeholder: 1,
  function_not_allowed: 2,
  operator_not_allowed: 2,
  type_not_allowed: 2,
  unknown_relation: 3,
  ambiguous_relation: 3,
};

/** Walk one top-level SelectStmt body and collect every refusal, relation and function. */
export function walkSelect(select: Obj, catalog: RelationCatalog): TreeFindings {
  const found: TreeFindings = { refusals: [], relations: new Set(), functions: new Set() };
  const flag = (r: Refusal): void => {
    found.refusals.push({ ...r, priority: PRIORITY[r.rule] ?? 0 });
  };

  const visit = (value: unknown, scope: Scope, depth: number): void => {
    if (depth > MAX_DEPTH) throw new TooDeepError();
    if (Array.isArray(value)) {
      for (const item of value) visit(item, scope, depth + 1);
      return;
    }
    if (!isObj(value)) return; // strings, numbers, booleans: leaves with nothing to run
    const keys = Object.keys(value);
    const only = keys[0];
    if (keys.length === 1 && only !== undefined && /^[A-Z]/.test(only) && isObj(value[only])) {
      visitNode(only, value[only], scope, depth + 1);
    } else {
      visitFields(value, scope, depth + 1);
    }
  };

  // Inline structs and node bodies. Field-level nets catch clauses whatever node holds them.
  const visitFields = (body: Obj, scope: Scope, depth: number, skip: readonly string[] = []): void => {
    for (const [key, value] of Object.entries(body)) {
      if (skip.includes(key) || value === null || value === undefined) continue;
      if (key === 'intoClause') {
        flag(refuse.selectInto()); // SELECT … INTO creates a table.
        continue;
      }
      if (key === 'lockingClause') {
        // FOR UPDATE/SHARE takes row locks (and needs UPDATE privilege): blocking other users.
        const first = Array.isArray(value) && isObj(value[0]) ? value[0]['LockingClause'] : undefined;
        flag(refuse.lockingClause(lockingLabel(isObj(first) ? first['strength'] : undefined)));
        continue;
      }
      if (key === 'typeName' && isObj(value)) checkType(value);
      visit(value, scope, depth);
    }
  };

  const visitNode = (type: string, body: Obj, scope: Scope, depth: number): void => {
    if (type === 'SelectStmt') return visitSelectBody(body, scope, depth);
    if (isStatementNode(type)) {
      // Second net: a write or utility statement anywhere in the tree, whatever holds it.
      flag(refuse.statement(ruleForStatement(type), statementLabel(type, body)));
      return;
    }
    if (type === 'IntoClause') return flag(refuse.selectInto());
    if (type === 'LockingClause') return flag(refuse.lockingClause(lockingLabel(body['strength'])));
    if (!isAllowedNode(type)) {
      // Conservative default: syntax nobody vetted is refused, not walked past.
      flag(refuse.unsupportedSyntax(REFUSED_NODE_LABELS[type] ?? `the ${type} construct`));
      return;
    }
    switch (type) {
      case 'RangeVar':
        return checkRelation(body, scope);
      case 'FuncCall':
        checkFunction(strings(body['funcname']));
        return visitFields(body, scope, depth, ['funcname']);
      case 'A_Expr': {
        const kind = String(body['kind'] ?? '');
        // BETWEEN variants carry keywords, not operator symbols, in `name`.
        if (!kind.startsWith('AEXPR_BETWEEN') && !kind.startsWith('AEXPR_NOT_BETWEEN')) checkOperator(body['name']);
        return visitFields(body, scope, depth, ['name']);
      }
      case 'SubLink':
        if (body['operName'] !== undefined) checkOperator(body['operName']);
        return visitFields(body, scope, depth, ['operName']);
      case 'SortBy':
        if (body['useOp'] !== undefined) checkOperator(body['useOp']); // ORDER BY x USING <op>
        return visitFields(body, scope, depth, ['useOp']);
      case 'TypeName':
        checkType(body);
        return visitFields(body, scope, depth);
      case 'RangeTableSample': {
        // The sampling method is a handler function; only the two built into PostgreSQL.
        const method = strings(body['method']);
        const name = method[method.length - 1] ?? '';
        const builtin = method.length === 1 || (method.length === 2 && method[0] === 'pg_catalog');
        if (!builtin || !ALLOWED_TABLESAMPLE_METHODS.has(name)) flag(refuse.tablesample(showQualified(method)));
        return visitFields(body, scope, depth, ['method']);
      }
      case 'ColumnRef': {
        const fields = strings(body['fields']);
        checkAttributeCall(showQualified(fields), fields.slice(1));
        return visitFields(body, scope, depth);
      }
      case 'A_Indirection': {
        const names = strings(body['indirection']);
        checkAttributeCall(`(…).${showQualified(names)}`, names);
        return visitFields(body, scope, depth);
      }
      case 'ParamRef':
        // $1 has no value: threadsql sends no parameters (and a bound value would bypass review).
        return flag(refuse.parameter(Number(body['number'] ?? 0)));
      default:
        return visitFields(body, scope, depth);
    }
  };

  // SELECT / VALUES / TABLE / set operations. WITH first, so CTE names shadow relations in the
  // right places: a non-recursive CTE sees only the CTEs before it (so `WITH film AS (SELECT …
  // FROM film)` reads the real table), a recursive WITH sees all of its CTEs, and the body sees
  // them all. Names from an inner WITH never leak out of their sub-select.
  const visitSelectBody = (body: Obj, outer: Scope, depth: number): void => {
    let scope = outer;
    const withClause = body['withClause'];
    if (isObj(withClause)) {
      const ctes = (Array.isArray(withClause['ctes']) ? withClause['ctes'] : [])
        .map((c) => (isObj(c) && isObj(c['CommonTableExpr']) ? c['CommonTableExpr'] : undefined))
        .filter((c): c is Obj => c !== undefined);
      const names = ctes.map((c) => String(c['ctename']));
      const recursive = withClause['recursive'] === true;
      ctes.forEach((cte, i) => {
        const cteScope = new Scope(new Set(recursive ? names : names.slice(0, i)), outer);
        const query = cte['ctequery'];
        const queryType = isObj(query) ? Object.keys(query)[0] : undefined;
        if (queryType && queryType !== 'SelectStmt' && isStatementNode(queryType)) {
          // Data-modifying CTE: WITH d AS (DELETE … RETURNING *) SELECT … runs the DELETE.
          const label = statementLabel(queryType, (query as Obj)[queryType] as Obj);
          flag(ruleForStatement(queryType) === 'write_statement' ? refuse.dataModifyingCte(label) : refuse.statement(ruleForStatement(queryType), label));
        } else {
          visit(query, cteScope, depth + 1);
        }
        visitFields(cte, cteScope, depth + 1, ['ctequery']);
      });
      scope = new Scope(new Set(names), outer);
    }
    visitFields(body, scope, depth, ['withClause', 'larg', 'rarg']);
    // Set operations: the branches are inline SelectStmt bodies.
    for (const side of ['larg', 'rarg'] as const) {
      const branch = body[side];
      if (isObj(branch)) visitSelectBody(branch, scope, depth + 1);
    }
  };

  const checkRelation = (rv: Obj, scope: Scope): void => {
    const text = (key: string): string | undefined => (typeof rv[key] === 'string' ? (rv[key] as string) : undefined);
    const ref = { catalogname: text('catalogname'), schemaname: text('schemaname'), relname: text('relname') ?? '' };
    const outcome = resolveRelation(ref, (name) => scope.has(name), catalog);
    if (outcome.kind === 'relation') found.relations.add(outcome.name);
    else if (outcome.kind === 'refused') flag(outcome.refusal);
  };

  const checkFunction = (parts: string[]): void => {
    const refusal = checkFunctionName(parts);
    if (refusal) flag(refusal);
    else found.functions.add(parts[parts.length - 1] ?? '');
  };

  const checkAttributeCall = (expression: string, attributes: string[]): void => {
    const refusal = checkAttributeNames(expression, attributes);
    if (refusal) flag(refusal);
  };

  const checkOperator = (name: unknown): void => {
    const refusal = checkOperatorName(strings(name));
    if (refusal) flag(refusal);
  };

  const checkType = (typeName: Obj): void => {
    const refusal = checkTypeName(strings(typeName['names']), catalog.searchPath);
    if (refusal) flag(refusal);
  };

  visitSelectBody(select, new Scope(new Set()), 0);
  return found;
}

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The svals of a list of String nodes (funcname, operator name, ColumnRef fields). */
function strings(list: unknown): string[] {
  if (!Array.isArray(list)) return [];
  return list.flatMap((item) => {
    const s = isObj(item) && isObj(item['String']) ? item['String']['sval'] : undefined;
    return typeof s === 'string' ? [s] : [];
  });
}

// Allow-lists for everything in a query that is not a function call: parse-tree node types,
// operator symbols and cast target types. Anything not listed is refused, so syntax a newer
// parser adds (or one we never looked at) fails closed.

/**
 * Parse-tree node types a read-only query may contain. The walker refuses any other node type,
 * so XML constructs, MERGE-only nodes, DEFAULT, WHERE CURRENT OF, and anything a future
 * parser version invents are refused until someone vets them here.
 */
const QUERY_NODES = [
  // Statement skeleton.
  'SelectStmt', 'ResTarget', 'WithClause', 'CommonTableExpr', 'CTESearchClause', 'CTECycleClause',
  'SortBy', 'WindowDef', 'GroupingSet', 'Alias', 'List',
  // FROM items. RangeVar is checked against the snapshot; RangeFunction holds FuncCalls (checked);
  // RangeTableSample's method is checked against ALLOWED_TABLESAMPLE_METHODS.
  'RangeVar', 'JoinExpr', 'RangeSubselect', 'RangeFunction', 'RangeTableSample', 'ColumnDef',
  // Expressions. FuncCall is checked against the function allow-list, A_Expr/SubLink/SortBy
  // operators against OPERATORS, TypeCast/ColumnDef types against the type rules.
  'ColumnRef', 'A_Const', 'A_Expr', 'A_Star', 'A_Indices', 'A_Indirection', 'A_ArrayExpr', 'FuncCall',
  'NamedArgExpr', 'TypeCast', 'TypeName', 'CollateClause', 'SubLink', 'CaseExpr', 'CaseWhen',
  'CoalesceExpr', 'MinMaxExpr', 'NullTest', 'BooleanTest', 'BoolExpr', 'RowExpr', 'SQLValueFunction',
  'GroupingFunc', 'ParamRef',
  // Literal leaves.
  'String', 'Integer', 'Float', 'Boolean', 'BitString',
  // SQL/JSON syntax (PG16+: JSON_OBJECT, JSON_ARRAYAGG, IS JSON; PG17+: JSON_VALUE/QUERY/EXISTS,
  // JSON_TABLE). Pure expressions over their arguments; nested expressions are walked like any other.
  'JsonObjectConstructor', 'JsonArrayConstructor', 'JsonArrayQueryConstructor', 'JsonObjectAgg',
  'JsonArrayAgg', 'JsonAggConstructor', 'JsonKeyValue', 'JsonValueExpr', 'JsonOutput', 'JsonReturning',
  'JsonFormat', 'JsonIsPredicate', 'JsonParseExpr', 'JsonScalarExpr', 'JsonSerializeExpr', 'JsonFuncExpr',
  'JsonArgument', 'JsonBehavior', 'JsonTable', 'JsonTableColumn', 'JsonTablePathSpec',
] as const;

const QUERY_NODE_SET: ReadonlySet<string> = new Set(QUERY_NODES);

export function isAllowedNode(nodeType: string): boolean {
  return QUERY_NODE_SET.has(nodeType);
}

/** Friendly names for node types we refuse on purpose, for the message. */
export const REFUSED_NODE_LABELS: Readonly<Record<string, string>> = {
  // XML: xmlparse/XMLTABLE parse documents on the server; nobody has vetted them, and analytics
  // over a PostgreSQL warehouse rarely needs them.
  XmlExpr: 'XML expressions',
  XmlSerialize: 'XMLSERIALIZE',
  RangeTableFunc: 'XMLTABLE',
  RangeTableFuncCol: 'XMLTABLE',
  SetToDefault: 'DEFAULT',
  CurrentOfExpr: 'WHERE CURRENT OF',
  MergeSupportFunc: 'merge_action()',
};

/**
 * Operator symbols: exactly those PostgreSQL defines in pg_catalog (PG15), all backed by
 * immutable or stable built-in functions. An unknown symbol could only be a warehouse-defined
 * operator, i.e. a call to a function nobody vetted. (A warehouse overload of a standard symbol
 * for its own types cannot be told apart here; the READ ONLY transaction is the wall for that.)
 */
const OPERATORS: ReadonlySet<string> = new Set(
  (
    '!! !~ !~* !~~ !~~* # ## #- #> #>> % & && &< &<| &> * *< *<= *<> *= *> *>= + - -> ->> -|- / < <-> ' +
    '<< <<= <<| <= <> <@ <^ = > >= >> >>= >^ ? ?# ?& ?- ?-| ?| ?|| @ @-@ @> @? @@ @@@ ^ ^@ | |&> |/ |>> ' +
    '|| ||/ ~ ~* ~<=~ ~<~ ~= ~>=~ ~>~ ~~ ~~* !='
  ).split(' '),
);

export function isAllowedOperator(symbol: string): boolean {
  return OPERATORS.has(symbol);
}

/**
 * Object-identifier types whose input function looks names up in the system catalogs:
 * `'pg_authid'::regclass` or `'pg_sleep'::regproc` probe objects outside the snapshot, and
 * `oid::regclass` prints catalog names. Refused. regconfig and regdictionary (text-search
 * configurations, as in to_tsvector('english'::regconfig, …)) reveal nothing and stay allowed.
 */
const CATALOG_LOOKUP_TYPES: ReadonlySet<string> = new Set([
  'regclass', 'regproc', 'regprocedure', 'regoper', 'regoperator', 'regtype', 'regnamespace',
  'regrole', 'regcollation',
]);

export function isCatalogLookupType(name: string): boolean {
  return CATALOG_LOOKUP_TYPES.has(name);
}

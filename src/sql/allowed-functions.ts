// The functions the guard lets a query call: an ALLOW-list of vetted PostgreSQL built-ins, by
// name. A name that is not here is refused, so a function nobody has looked at (a new server
// built-in, an extension, a warehouse's own function) never runs by accident.
//
// Vetting rule for adding a name: it only computes a value from its arguments (or reads the
// clock / a random number); it does not read files, other databases, server settings or system
// catalogs outside the snapshot; it does not write, lock, wait, notify, or execute SQL text.
// Names only: pg_catalog overloads of one name all behave the same way in these respects.
// Names marked "PG16+"/"PG17+"/"PG18+" do not exist on older servers (the server then says so).

/** Aggregates, including ordered-set (WITHIN GROUP) and hypothetical-set ones. */
const AGGREGATES = [
  'count', 'sum', 'avg', 'min', 'max',
  'stddev', 'stddev_pop', 'stddev_samp', 'variance', 'var_pop', 'var_samp',
  'percentile_cont', 'percentile_disc', 'mode',
  'string_agg', 'array_agg', 'json_agg', 'jsonb_agg', 'json_agg_strict', 'jsonb_agg_strict', // *_strict: PG16+
  'json_object_agg', 'jsonb_object_agg',
  'json_object_agg_strict', 'jsonb_object_agg_strict', 'json_object_agg_unique', 'jsonb_object_agg_unique', // PG16+
  'json_object_agg_unique_strict', 'jsonb_object_agg_unique_strict', // PG16+
  'bool_and', 'bool_or', 'every', 'bit_and', 'bit_or', 'bit_xor',
  'corr', 'covar_pop', 'covar_samp',
  'regr_avgx', 'regr_avgy', 'regr_count', 'regr_intercept', 'regr_r2', 'regr_slope', 'regr_sxx', 'regr_sxy', 'regr_syy',
  'range_agg', 'range_intersect_agg', 'any_value', // any_value: PG16+
] as const;

/** Window functions (rank & co. double as hypothetical-set aggregates). */
const WINDOW_FUNCTIONS = [
  'row_number', 'rank', 'dense_rank', 'percent_rank', 'cume_dist', 'ntile',
  'lag', 'lead', 'first_value', 'last_value', 'nth_value',
] as const;

/** Arithmetic and trigonometry. random() is volatile but harmless: `ORDER BY random() LIMIT n` samples rows. */
const MATH = [
  'abs', 'cbrt', 'ceil', 'ceiling', 'degrees', 'div', 'exp', 'factorial', 'floor', 'gcd', 'lcm',
  'ln', 'log', 'log10', 'min_scale', 'mod', 'pi', 'power', 'radians', 'round', 'scale', 'sign',
  'sqrt', 'trim_scale', 'trunc', 'width_bucket', 'random', 'random_normal', // random_normal: PG16+
  'acos', 'acosd', 'asin', 'asind', 'atan', 'atand', 'atan2', 'atan2d', 'cos', 'cosd', 'cot', 'cotd',
  'sin', 'sind', 'tan', 'tand', 'sinh', 'cosh', 'tanh', 'asinh', 'acosh', 'atanh',
  'num_nulls', 'num_nonnulls',
] as const;

/** Text. format() only formats its arguments (it does not run them); quote_* only quote. */
const STRINGS = [
  'ascii', 'bit_length', 'btrim', 'char_length', 'character_length', 'chr', 'concat', 'concat_ws',
  'format', 'initcap', 'left', 'length', 'lower', 'lpad', 'ltrim', 'md5', 'normalize', 'is_normalized',
  'octet_length', 'overlay', 'position', 'quote_ident', 'quote_literal', 'quote_nullable',
  'regexp_count', 'regexp_instr', 'regexp_like', 'regexp_match', 'regexp_matches', 'regexp_replace',
  'regexp_split_to_array', 'regexp_split_to_table', 'regexp_substr',
  'repeat', 'replace', 'reverse', 'right', 'rpad', 'rtrim', 'split_part', 'starts_with', 'strpos',
  'substr', 'substring', 'to_hex', 'translate', 'unistr', 'upper', 'similar_to_escape', 'like_escape',
  'string_to_array', 'string_to_table', 'array_to_string', 'to_char', 'to_number',
  'encode', 'decode', 'sha224', 'sha256', 'sha384', 'sha512', 'pg_collation_for',
] as const;

/** Dates and times; `x AT TIME ZONE z` is timezone(), `a OVERLAPS b` is overlaps(). */
const DATES = [
  'age', 'clock_timestamp', 'date_add', 'date_subtract', // date_add/subtract: PG16+
  'date_bin', 'date_part', 'date_trunc', 'extract', 'isfinite',
  'justify_days', 'justify_hours', 'justify_interval',
  'make_date', 'make_interval', 'make_time', 'make_timestamp', 'make_timestamptz',
  'now', 'statement_timestamp', 'transaction_timestamp', 'timeofday',
  'to_date', 'to_timestamp', 'timezone', 'overlaps', 'generate_series',
] as const;

/** JSON and JSONB building and reading (the -> ->> #> @> operators are operators, not functions). */
const JSON = [
  'to_json', 'to_jsonb', 'array_to_json', 'row_to_json',
  'json_build_array', 'jsonb_build_array', 'json_build_object', 'jsonb_build_object', 'json_object', 'jsonb_object',
  'json_array_elements', 'json_array_elements_text', 'jsonb_array_elements', 'jsonb_array_elements_text',
  'json_array_length', 'jsonb_array_length', 'json_each', 'json_each_text', 'jsonb_each', 'jsonb_each_text',
  'json_extract_path', 'json_extract_path_text', 'jsonb_extract_path', 'jsonb_extract_path_text',
  'json_object_keys', 'jsonb_object_keys', 'json_typeof', 'jsonb_typeof',
  'json_populate_record', 'json_populate_recordset', 'jsonb_populate_record', 'jsonb_populate_recordset',
  'json_to_record', 'json_to_recordset', 'jsonb_to_record', 'jsonb_to_recordset',
  'json_strip_nulls', 'jsonb_strip_nulls', 'jsonb_pretty', 'jsonb_set', 'jsonb_set_lax', 'jsonb_insert',
  'jsonb_path_exists', 'jsonb_path_match', 'jsonb_path_query', 'jsonb_path_query_array', 'jsonb_path_query_first',
  'jsonb_path_exists_tz', 'jsonb_path_match_tz', 'jsonb_path_query_tz', 'jsonb_path_query_array_tz',
  'jsonb_path_query_first_tz',
] as const;

/** Arrays. */
const ARRAYS = [
  'array_append', 'array_cat', 'array_dims', 'array_fill', 'array_length', 'array_lower', 'array_ndims',
  'array_position', 'array_positions', 'array_prepend', 'array_remove', 'array_replace', 'array_upper',
  'cardinality', 'unnest', 'trim_array', 'generate_subscripts',
] as const;

/** Ranges. */
const RANGES = [
  'lower_inc', 'upper_inc', 'lower_inf', 'upper_inf', 'isempty', 'range_merge',
  'int4range', 'int8range', 'numrange', 'tsrange', 'tstzrange', 'daterange',
] as const;

/** Full-text search (Pagila's film.fulltext is a tsvector). */
const TEXT_SEARCH = [
  'to_tsvector', 'to_tsquery', 'plainto_tsquery', 'phraseto_tsquery', 'websearch_to_tsquery',
  'ts_rank', 'ts_rank_cd', 'ts_headline', 'setweight', 'strip', 'tsvector_to_array', 'array_to_tsvector',
  'numnode', 'querytree', 'length',
] as const;

/** Function-style casts (`date(ts)`, `text(x)`) and type introspection that reads no catalog. */
const CONVERSIONS = [
  'date', 'text', 'numeric', 'int2', 'int4', 'int8', 'float4', 'float8', 'bool',
  'pg_typeof', 'gen_random_uuid',
] as const;

/** Network addresses. */
const NETWORK = ['host', 'hostmask', 'masklen', 'netmask', 'network', 'broadcast', 'family', 'abbrev'] as const;

const ALLOWED = new Set<string>([
  ...AGGREGATES, ...WINDOW_FUNCTIONS, ...MATH, ...STRINGS, ...DATES, ...JSON,
  ...ARRAYS, ...RANGES, ...TEXT_SEARCH, ...CONVERSIONS, ...NETWORK,
]);

/** Is this (already case-folded, unqualified) function name on the allow-list? */
export function isAllowedFunction(name: string): boolean {
  return ALLOWED.has(name);
}

/** Every allowed name, sorted: for tests and for `threadsql` docs. */
export function allowedFunctionNames(): string[] {
  return [...ALLOWED].sort();
}

/**
 * TABLESAMPLE methods are handler functions too; only the two built into PostgreSQL
 * (extensions such as tsm_system_time add others).
 */
export const ALLOWED_TABLESAMPLE_METHODS: ReadonlySet<string> = new Set(['bernoulli', 'system']);

import { describe, expect, it } from 'vitest';
import { allowedFunctionNames, isAllowedFunction } from '../../../src/sql/allowed-functions.ts';
import { isAllowedNode, isAllowedOperator } from '../../../src/sql/allowed-syntax.ts';
import { deniedFunctionReason, isStatementNode, ruleForStatement } from '../../../src/sql/forbidden.ts';

describe('the function allow-list', () => {
  it('never allows a function on the forbidden list', () => {
    const both = allowedFunctionNames().filter((name) => deniedFunctionReason(name) !== undefined);
    expect(both).toEqual([]);
  });

  it.each([
    'pg_sleep', 'pg_sleep_for', 'pg_sleep_until', 'pg_read_file', 'pg_read_binary_file', 'pg_ls_dir', 'pg_stat_file',
    'lo_import', 'lo_export', 'lo_get', 'lo_put', 'loread', 'lowrite', 'dblink', 'dblink_exec', 'dblink_connect',
    'set_config', 'current_setting', 'pg_terminate_backend', 'pg_cancel_backend', 'pg_reload_conf', 'pg_rotate_logfile',
    'nextval', 'setval', 'currval', 'lastval', 'pg_advisory_lock', 'pg_advisory_xact_lock_shared', 'pg_try_advisory_lock',
    'pg_notify', 'txid_current', 'pg_current_xact_id', 'query_to_xml', 'query_to_xmlschema', 'table_to_xml',
    'table_to_xml_and_xmlschema', 'cursor_to_xml', 'database_to_xml', 'schema_to_xml', 'pg_logical_emit_message',
    'pg_create_logical_replication_slot', 'pg_create_restore_point', 'pg_switch_wal', 'pg_stat_reset', 'setseed',
  ])('refuses %s with a specific reason', (name) => {
    expect(isAllowedFunction(name)).toBe(false);
    expect(deniedFunctionReason(name)).toBeTypeOf('string');
  });

  it.each([
    'version', 'pg_backend_pid', 'inet_server_addr', 'has_table_privilege', 'pg_get_viewdef', 'to_regclass',
    'pg_relation_size', 'xpath', 'xmlexists', 'system_user', 'film_in_stock', 'group_concat',
  ])('does not allow %s, which nobody vetted', (name) => {
    expect(isAllowedFunction(name)).toBe(false);
  });

  it.each([
    // aggregates
    'count', 'sum', 'avg', 'min', 'max', 'stddev_samp', 'var_pop', 'percentile_cont', 'percentile_disc', 'mode', 'string_agg',
    'array_agg', 'json_agg', 'jsonb_object_agg', 'bool_and', 'bool_or', 'every', 'corr', 'covar_samp', 'regr_slope',
    // windows
    'row_number', 'rank', 'dense_rank', 'percent_rank', 'cume_dist', 'ntile', 'lag', 'lead', 'first_value', 'last_value', 'nth_value',
    // strings
    'lower', 'upper', 'initcap', 'length', 'substr', 'substring', 'position', 'strpos', 'replace', 'split_part', 'btrim', 'lpad',
    'concat_ws', 'left', 'right', 'reverse', 'repeat', 'regexp_replace', 'format', 'to_char', 'to_number', 'md5', 'starts_with',
    'translate', 'ascii', 'chr',
    // dates
    'now', 'date_trunc', 'date_part', 'extract', 'age', 'make_date', 'make_interval', 'make_timestamp', 'to_date', 'to_timestamp',
    'date_bin', 'justify_interval', 'generate_series', 'isfinite', 'timezone',
    // json, arrays, math
    'json_build_object', 'jsonb_build_object', 'jsonb_array_elements_text', 'jsonb_each_text', 'jsonb_object_keys', 'jsonb_typeof',
    'jsonb_path_query', 'to_jsonb', 'row_to_json', 'jsonb_extract_path_text', 'jsonb_array_length', 'jsonb_strip_nulls',
    'array_length', 'cardinality', 'unnest', 'array_positions', 'array_to_string', 'string_to_array', 'array_append', 'array_cat',
    'array_remove', 'width_bucket', 'round', 'trunc', 'floor', 'ceil', 'abs', 'sqrt', 'power', 'ln', 'log', 'exp', 'mod', 'sign',
    'random', 'num_nulls',
  ])('allows %s for analytics', (name) => {
    expect(isAllowedFunction(name)).toBe(true);
  });
});

describe('the syntax allow-lists', () => {
  it('allows the JSON, comparison and arithmetic operators and refuses invented ones', () => {
    for (const op of ['=', '<>', '->', '->>', '#>', '#>>', '@>', '<@', '?', '?|', '?&', '||', '~~', '~~*', '@@', '&&', '+', '%']) {
      expect(isAllowedOperator(op)).toBe(true);
    }
    for (const op of ['===', '<=>', '+++', '~<~~', '']) expect(isAllowedOperator(op)).toBe(false);
  });

  it('treats every statement node except SelectStmt as forbidden', () => {
    expect(isStatementNode('SelectStmt')).toBe(false);
    for (const node of ['InsertStmt', 'UpdateStmt', 'DeleteStmt', 'MergeStmt', 'CreateTableAsStmt', 'SomeFutureStmt']) {
      expect(isStatementNode(node)).toBe(true);
    }
    expect(ruleForStatement('SomeFutureStmt')).toBe('not_select');
    expect(ruleForStatement('CreateSomethingNewStmt')).toBe('ddl_statement');
  });

  it('does not list write-only or XML nodes as query syntax', () => {
    for (const node of ['IntoClause', 'LockingClause', 'XmlExpr', 'RangeTableFunc', 'SetToDefault', 'MergeSupportFunc', 'OnConflictClause']) {
      expect(isAllowedNode(node)).toBe(false);
    }
  });
});

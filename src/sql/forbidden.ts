// The explicit forbidden lists: statement kinds the guard refuses by name, and functions it
// refuses with a specific reason. The allow-lists (allowed-functions.ts, allowed-syntax.ts) are
// the real authority; these lists give the user a precise sentence and give the audit log a
// precise rule, and tests assert that nothing here is also allowed.

/** Why a statement kind is refused; each names the threat it closes. */
export type StatementRule =
  | 'write_statement' // INSERT/UPDATE/DELETE/MERGE: changing or destroying warehouse data.
  | 'ddl_statement' // CREATE/ALTER/DROP/TRUNCATE/COMMENT…: changing the warehouse's structure or its code.
  | 'privilege_statement' // GRANT/REVOKE/roles: widening who can do what.
  | 'explain' // EXPLAIN ANALYZE executes the wrapped statement (EXPLAIN ANALYZE DELETE deletes).
  | 'copy' // COPY … TO/FROM file or PROGRAM: server file access and shell commands.
  | 'session_setting' // SET/RESET/SET ROLE/SET SESSION AUTHORIZATION/SHOW/DISCARD: escaping the read-only
  //                     session (default_transaction_read_only, statement_timeout, role) or reading settings.
  | 'transaction_control' // BEGIN/COMMIT/ROLLBACK/SAVEPOINT: ending the executor's READ ONLY transaction.
  | 'lock' // LOCK TABLE: blocking other users of the warehouse.
  | 'procedure_call' // DO/CALL/LOAD: running arbitrary server-side code (LOAD loads a shared library).
  | 'notification' // LISTEN/NOTIFY/UNLISTEN: side channels to other sessions.
  | 'prepared_statement' // PREPARE/EXECUTE/DEALLOCATE: running statements the guard never saw.
  | 'cursor' // DECLARE/FETCH/MOVE/CLOSE: session state and statements the guard never saw whole.
  | 'maintenance' // VACUUM/ANALYZE/REFRESH/CLUSTER/REINDEX/CHECKPOINT: heavy or server-level work.
  | 'not_select'; // any other utility statement: unknown, so refused.

const BY_NODE: Readonly<Record<string, StatementRule>> = {
  InsertStmt: 'write_statement',
  UpdateStmt: 'write_statement',
  DeleteStmt: 'write_statement',
  MergeStmt: 'write_statement',
  TruncateStmt: 'ddl_statement',
  ExplainStmt: 'explain',
  CopyStmt: 'copy',
  VariableSetStmt: 'session_setting',
  VariableShowStmt: 'session_setting',
  DiscardStmt: 'session_setting',
  AlterSystemStmt: 'session_setting',
  ConstraintsSetStmt: 'session_setting',
  TransactionStmt: 'transaction_control',
  LockStmt: 'lock',
  DoStmt: 'procedure_call',
  CallStmt: 'procedure_call',
  ListenStmt: 'notification',
  NotifyStmt: 'notification',
  UnlistenStmt: 'notification',
  PrepareStmt: 'prepared_statement',
  ExecuteStmt: 'prepared_statement',
  DeallocateStmt: 'prepared_statement',
  DeclareCursorStmt: 'cursor',
  FetchStmt: 'cursor',
  ClosePortalStmt: 'cursor',
  VacuumStmt: 'maintenance',
  RefreshMatViewStmt: 'maintenance',
  ClusterStmt: 'maintenance',
  ReindexStmt: 'maintenance',
  CheckPointStmt: 'maintenance',
  LoadStmt: 'procedure_call',
  GrantStmt: 'privilege_statement',
  GrantRoleStmt: 'privilege_statement',
  AlterDefaultPrivilegesStmt: 'privilege_statement',
  CreateRoleStmt: 'privilege_statement',
  AlterRoleStmt: 'privilege_statement',
  AlterRoleSetStmt: 'privilege_statement',
  DropRoleStmt: 'privilege_statement',
  ReassignOwnedStmt: 'privilege_statement',
  DropOwnedStmt: 'privilege_statement',
  CreatePolicyStmt: 'privilege_statement',
  AlterPolicyStmt: 'privilege_statement',
  CreateUserMappingStmt: 'privilege_statement',
  AlterUserMappingStmt: 'privilege_statement',
  DropUserMappingStmt: 'privilege_statement',
};

/** The rule for a statement node type other than SelectStmt (every such node is refused). */
export function ruleForStatement(nodeType: string): StatementRule {
  const rule = BY_NODE[nodeType];
  if (rule) return rule;
  // The rest of DDL (Create*/Alter*/Drop*/…); any other statement, including ones a future
  // parser adds, is still refused, as not_select.
  if (/^(Create|Alter|Drop|Rename|Comment|SecLabel|Define|Import|Rule|View|Index|Composite)/.test(nodeType)) {
    return 'ddl_statement';
  }
  return 'not_select';
}

/** Node types that are statements, wherever they appear: the second net (see walk.ts). */
export function isStatementNode(nodeType: string): boolean {
  return nodeType !== 'SelectStmt' && nodeType.endsWith('Stmt');
}

/**
 * Functions refused with a specific reason. Exact names and name prefixes; none of these is on
 * the allow-list (a unit test checks), so this list only sharpens the message.
 */
const DENIED: ReadonlyArray<{ match: RegExp; reason: string }> = [
  // Unbounded waiting: ties up a connection and the user's thread.
  { match: /^pg_sleep/, reason: 'it makes the database server wait' },
  // Server file access: reading /etc/passwd, the server's config or WAL.
  { match: /^(pg_read_file|pg_read_binary_file|pg_stat_file|pg_ls_.*|pg_file_.*|pg_logdir_ls)$/, reason: 'it reads or lists files on the database server' },
  // Large objects: lo_import/lo_export read and write server files; the rest write pg_largeobject.
  { match: /^(lo_.*|loread|lowrite)$/, reason: 'it reads or writes large objects and server files' },
  // Other databases and servers: exfiltration and writes somewhere the read-only session cannot see.
  { match: /^(dblink.*|postgres_fdw.*)$/, reason: 'it connects to other databases' },
  // Settings: set_config changes the session (read-only mode, timeouts); current_setting leaks config.
  { match: /^(set_config|current_setting|pg_show_all_settings|pg_settings_get_flags)$/, reason: 'it reads or changes server settings' },
  // Server control: killing other sessions, reloading config, rotating logs, promoting standbys.
  { match: /^(pg_terminate_backend|pg_cancel_backend|pg_reload_conf|pg_rotate_logfile.*|pg_promote|pg_log_backend_memory_contexts)$/, reason: 'it controls the database server' },
  // Sequences: nextval/setval change state even inside a read-only query.
  { match: /^(nextval|setval|currval|lastval)$/, reason: 'it reads or advances a sequence' },
  // Locks held past the query: blocking other users.
  { match: /^pg_(try_)?advisory_/, reason: 'it takes a lock' },
  // Side channel to other sessions.
  { match: /^pg_notify$/, reason: 'it sends a notification to other sessions' },
  // Transaction ids: assigning one is a write.
  { match: /^(txid_current.*|pg_current_xact_id.*|pg_export_snapshot)$/, reason: 'it assigns or exports a transaction id' },
  // These run the SQL text they are given, which the guard never sees (ts_stat and ts_rewrite
  // take a query string too).
  { match: /(^|_)to_xml(schema)?$|_to_xml_and_xmlschema$|^ts_stat$|^ts_rewrite$/, reason: 'it runs SQL text that threadsql cannot check' },
  // Replication, WAL and backup control.
  { match: /^(pg_logical_.*|pg_create_.*|pg_drop_replication_slot|pg_replication_.*|pg_copy_.*_replication_slot|pg_switch_wal|pg_switch_xlog|pg_(backup|start_backup|stop_backup).*|pg_backup_.*|pg_wal_replay_.*)$/, reason: 'it controls replication, WAL or backups' },
  { match: /^pg_stat_reset/, reason: 'it resets server statistics' },
  // Setting the random seed changes session state other queries see.
  { match: /^setseed$/, reason: 'it changes session state' },
];

/** The specific reason a function is refused, or undefined when it is simply not vetted. */
export function deniedFunctionReason(name: string): string | undefined {
  return DENIED.find((d) => d.match.test(name))?.reason;
}

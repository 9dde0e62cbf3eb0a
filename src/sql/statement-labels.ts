// How a refused statement is named in the message: the SQL words a user would recognise
// ("DELETE", "CREATE TABLE AS", "SET ROLE"), read from the parse tree.

type Body = Record<string, unknown>;

const FIXED: Readonly<Record<string, string>> = {
  InsertStmt: 'INSERT',
  UpdateStmt: 'UPDATE',
  DeleteStmt: 'DELETE',
  MergeStmt: 'MERGE',
  TruncateStmt: 'TRUNCATE',
  ExplainStmt: 'EXPLAIN',
  CopyStmt: 'COPY',
  VariableShowStmt: 'SHOW',
  DiscardStmt: 'DISCARD',
  AlterSystemStmt: 'ALTER SYSTEM',
  ConstraintsSetStmt: 'SET CONSTRAINTS',
  LockStmt: 'LOCK',
  DoStmt: 'DO',
  CallStmt: 'CALL',
  ListenStmt: 'LISTEN',
  NotifyStmt: 'NOTIFY',
  UnlistenStmt: 'UNLISTEN',
  PrepareStmt: 'PREPARE',
  ExecuteStmt: 'EXECUTE',
  DeallocateStmt: 'DEALLOCATE',
  DeclareCursorStmt: 'DECLARE CURSOR',
  ClosePortalStmt: 'CLOSE',
  RefreshMatViewStmt: 'REFRESH MATERIALIZED VIEW',
  ClusterStmt: 'CLUSTER',
  ReindexStmt: 'REINDEX',
  CheckPointStmt: 'CHECKPOINT',
  LoadStmt: 'LOAD',
  CreateStmt: 'CREATE TABLE',
  ViewStmt: 'CREATE VIEW',
  IndexStmt: 'CREATE INDEX',
  CreatedbStmt: 'CREATE DATABASE',
  DropdbStmt: 'DROP DATABASE',
  CreateTrigStmt: 'CREATE TRIGGER',
  RuleStmt: 'CREATE RULE',
  CreateFunctionStmt: 'CREATE FUNCTION',
  CreateExtensionStmt: 'CREATE EXTENSION',
  CreateSchemaStmt: 'CREATE SCHEMA',
  CreateSeqStmt: 'CREATE SEQUENCE',
  DefineStmt: 'CREATE',
  DropStmt: 'DROP',
  RenameStmt: 'ALTER … RENAME',
  CommentStmt: 'COMMENT',
  SecLabelStmt: 'SECURITY LABEL',
  ImportForeignSchemaStmt: 'IMPORT FOREIGN SCHEMA',
  CreateRoleStmt: 'CREATE ROLE',
  AlterRoleStmt: 'ALTER ROLE',
  DropRoleStmt: 'DROP ROLE',
  ReassignOwnedStmt: 'REASSIGN OWNED',
  DropOwnedStmt: 'DROP OWNED',
  AlterDefaultPrivilegesStmt: 'ALTER DEFAULT PRIVILEGES',
  AlterSeqStmt: 'ALTER SEQUENCE',
  AlterEnumStmt: 'ALTER TYPE',
  AlterTypeStmt: 'ALTER TYPE',
  CompositeTypeStmt: 'CREATE TYPE',
  CreateEnumStmt: 'CREATE TYPE',
  CreateRangeStmt: 'CREATE TYPE',
  CreateDomainStmt: 'CREATE DOMAIN',
  AlterDomainStmt: 'ALTER DOMAIN',
  CreateForeignServerStmt: 'CREATE SERVER',
  AlterForeignServerStmt: 'ALTER SERVER',
  CreateForeignTableStmt: 'CREATE FOREIGN TABLE',
  CreateFdwStmt: 'CREATE FOREIGN DATA WRAPPER',
  CreateTableSpaceStmt: 'CREATE TABLESPACE',
  CreateEventTrigStmt: 'CREATE EVENT TRIGGER',
  CreatePLangStmt: 'CREATE LANGUAGE',
  CreateCastStmt: 'CREATE CAST',
  AlterObjectSchemaStmt: 'ALTER … SET SCHEMA',
  AlterOwnerStmt: 'ALTER … OWNER TO',
};

const TRANSACTION_WORDS: Readonly<Record<string, string>> = {
  TRANS_STMT_BEGIN: 'BEGIN',
  TRANS_STMT_START: 'START TRANSACTION',
  TRANS_STMT_COMMIT: 'COMMIT',
  TRANS_STMT_ROLLBACK: 'ROLLBACK',
  TRANS_STMT_SAVEPOINT: 'SAVEPOINT',
  TRANS_STMT_RELEASE: 'RELEASE SAVEPOINT',
  TRANS_STMT_ROLLBACK_TO: 'ROLLBACK TO SAVEPOINT',
  TRANS_STMT_PREPARE: 'PREPARE TRANSACTION',
  TRANS_STMT_COMMIT_PREPARED: 'COMMIT PREPARED',
  TRANS_STMT_ROLLBACK_PREPARED: 'ROLLBACK PREPARED',
};

/** The SQL words naming a statement node, e.g. ('VariableSetStmt', {name: 'role'}) → 'SET ROLE'. */
export function statementLabel(nodeType: string, body: Body): string {
  switch (nodeType) {
    case 'VariableSetStmt': {
      const kind = String(body['kind'] ?? '');
      if (kind.startsWith('VAR_RESET')) return 'RESET';
      if (body['name'] === 'role') return 'SET ROLE';
      if (body['name'] === 'session_authorization') return 'SET SESSION AUTHORIZATION';
      return 'SET';
    }
    case 'TransactionStmt':
      return TRANSACTION_WORDS[String(body['kind'])] ?? 'transaction control';
    case 'VacuumStmt':
      return body['is_vacuumcmd'] ? 'VACUUM' : 'ANALYZE';
    case 'FetchStmt':
      return body['ismove'] ? 'MOVE' : 'FETCH';
    case 'CreateTableAsStmt':
      return body['objtype'] === 'OBJECT_MATVIEW' ? 'CREATE MATERIALIZED VIEW' : 'CREATE TABLE AS';
    case 'GrantStmt':
      return body['is_grant'] ? 'GRANT' : 'REVOKE';
    case 'GrantRoleStmt':
      return body['is_grant'] ? 'GRANT' : 'REVOKE';
  }
  // Fallback: AlterTableStmt → "ALTER TABLE", CreateForeignServerStmt → "CREATE FOREIGN SERVER".
  return FIXED[nodeType] ?? nodeType.replace(/Stmt$/, '').replace(/([a-z])([A-Z])/g, '$1 $2').toUpperCase();
}

/** "FOR UPDATE", "FOR NO KEY UPDATE", … from a LockingClause's strength. */
export function lockingLabel(strength: unknown): string {
  switch (strength) {
    case 'LCS_FORKEYSHARE':
      return 'FOR KEY SHARE';
    case 'LCS_FORSHARE':
      return 'FOR SHARE';
    case 'LCS_FORNOKEYUPDATE':
      return 'FOR NO KEY UPDATE';
    default:
      return 'FOR UPDATE';
  }
}

// The one table that maps an error code to the final status recorded on the attempt.
import type { ErrorCode } from '../lib/errors.ts';

/** The five final statuses of the product spec. */
export type FinalStatus = 'not_executed' | 'failed_generation' | 'failed_execution' | 'success' | 'timeout';

const STATUS_BY_CODE: Record<ErrorCode, FinalStatus> = {
  sql_empty: 'not_executed',
  sql_too_long: 'not_executed',
  sql_rejected: 'not_executed',
  not_found: 'not_executed',
  forbidden: 'not_executed',
  config_invalid: 'not_executed',
  kb_invalid: 'not_executed',
  clarification_needed: 'not_executed',
  llm_not_configured: 'failed_generation',
  llm_down: 'failed_generation',
  llm_timeout: 'failed_generation',
  llm_unusable_reply: 'failed_generation',
  query_timeout: 'timeout',
  query_cancelled: 'failed_execution',
  warehouse_down: 'failed_execution',
  warehouse_error: 'failed_execution',
  store_unavailable: 'failed_execution',
  store_corrupt: 'failed_execution',
  data_dir_unwritable: 'failed_execution',
  internal: 'failed_execution',
};

export function statusForError(code: ErrorCode): FinalStatus {
  return STATUS_BY_CODE[code];
}

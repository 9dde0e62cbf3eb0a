// The one place Slack Web API errors are read: a short code for logs and decisions, never the token.
// Codes come from the SDK's error shapes: platform errors carry Slack's own `error` string
// (not_in_channel, missing_scope, not_allowed_token_type, ratelimited, invalid_blocks, …).

export interface SlackFailure {
  /** Slack's error string, or http_<status> / request_failed / rate_limited. */
  code: string;
  /** A scope Slack says is missing (missing_scope), for the log line. */
  needed?: string;
}

export function slackFailure(err: unknown): SlackFailure {
  const e = err as { code?: string; data?: { error?: string; needed?: string }; statusCode?: number; retryAfter?: number } | undefined;
  switch (e?.code) {
    case 'slack_webapi_platform_error':
      return { code: e.data?.error ?? 'platform_error', needed: e.data?.needed };
    case 'slack_webapi_rate_limited_error':
      return { code: 'rate_limited' };
    case 'slack_webapi_http_error':
      return { code: `http_${e.statusCode ?? 'error'}` };
    case 'slack_webapi_request_error':
      return { code: 'request_failed' };
    default:
      return { code: err instanceof Error ? err.message.slice(0, 120) : 'unknown_error' };
  }
}

/** Errors that mean "this workspace or plan lacks the feature": use the fallback, don't complain twice. */
export function isUnsupported(f: SlackFailure): boolean {
  return ['not_allowed', 'missing_scope', 'not_allowed_token_type', 'unknown_method', 'feature_not_enabled', 'invalid_arguments', 'method_deprecated', 'team_access_not_granted'].includes(f.code);
}

/** Errors where the same call without blocks should work: the blocks were the problem. */
export function isBlocksProblem(f: SlackFailure): boolean {
  return ['invalid_blocks', 'invalid_blocks_format', 'msg_too_long', 'too_many_blocks', 'invalid_attachments', 'only_one_table_allowed'].includes(f.code);
}

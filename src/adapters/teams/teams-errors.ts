// The one place Bot Connector errors are read: an HTTP status and a short code for logs and
// decisions, never a token. The connector client throws RestError-shaped errors (statusCode, code,
// and Bot Framework's body `{ error: { code, message } }`): MessageSizeTooBig (413),
// BadArgument (400, e.g. an invalid card), BotNotInConversationRoster (403), ConversationNotFound (404).

export interface TeamsFailure {
  status: number | undefined;
  code: string;
}

export function teamsFailure(err: unknown): TeamsFailure {
  const e = err as { statusCode?: number; code?: string; response?: { status?: number; bodyAsText?: string }; message?: string } | undefined;
  const status = e?.statusCode ?? e?.response?.status;
  let code = e?.code && e.code !== 'REQUEST_SEND_ERROR' ? e.code : undefined;
  const body = e?.response?.bodyAsText;
  if (body) {
    try {
      const parsed = JSON.parse(body) as { error?: { code?: string } };
      code = parsed.error?.code ?? code;
    } catch {
      // Not JSON (a proxy's HTML page): the status says enough.
    }
  }
  if (!code) code = status ? `http_${status}` : e?.code === 'REQUEST_SEND_ERROR' ? 'request_failed' : err instanceof Error ? err.message.slice(0, 120) : 'unknown_error';
  return { status, code };
}

/** The message itself was refused (too big, an invalid card): the same answer as plain text should go. */
export function isContentProblem(f: TeamsFailure): boolean {
  return f.status === 400 || f.status === 413;
}

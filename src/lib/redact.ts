// The one place secrets are removed: every log line, error message and reply text goes through here.
// Closes: passwords in connection URLs, bearer/API tokens, Slack tokens and signing secrets leaking
// into logs, the store or a chat thread.

const registered = new Set<string>();

/** Register a configured secret value (a password, a token) so it is masked wherever it appears. */
export function registerSecret(value: string | undefined): void {
  if (value && value.length >= 4) registered.add(value);
}

const PATTERNS: Array<[RegExp, string]> = [
  // scheme://user:password@host → scheme://user:***@host
  [/([a-z][a-z0-9+.-]*:\/\/[^:/?#\s@]*:)([^@\s/]+)(@)/gi, '$1***$3'],
  // password=… in keyword/value connection strings and query strings
  [/\b(password|passwd|pwd|authToken|auth_token|api[_-]?key|secret|token)(\s*[=:]\s*)("[^"]*"|'[^']*'|[^\s&;,]+)/gi, '$1$2***'],
  [/\bBearer\s+[A-Za-z0-9._~+/=-]+/g, 'Bearer ***'],
  [/\bxox[abposr]-[A-Za-z0-9-]+/g, 'xox*-***'],
  [/\bxapp-[A-Za-z0-9-]+/g, 'xapp-***'],
  [/\bsk-[A-Za-z0-9_-]{8,}/g, 'sk-***'],
  // one-time web sign-in links (the reply that carries one is not logged, but a debug log of the
  // Slack or Bot Framework request body would be)
  [/(\/signin\/link\/)[A-Za-z0-9_-]{16,}/g, '$1***'],
];

/** Mask secrets in a string. */
export function redact(text: string): string {
  let out = text;
  for (const secret of registered) {
    if (out.includes(secret)) out = out.split(secret).join('***');
  }
  for (const [re, replacement] of PATTERNS) out = out.replace(re, replacement);
  return out;
}

/** Mask secrets in any JSON-like value (deep copy; strings redacted, keys named like secrets blanked). */
export function redactValue(value: unknown, depth = 0): unknown {
  if (depth > 8) return '[deep]';
  if (typeof value === 'string') return redact(value);
  if (value instanceof Error) {
    const out: Record<string, unknown> = { type: value.name, message: redact(value.message) };
    if (value.stack) out.stack = redact(value.stack);
    const code = (value as { code?: unknown }).code;
    if (code !== undefined) out.code = code;
    if (value.cause !== undefined) out.cause = redactValue(value.cause, depth + 1);
    return out;
  }
  if (Array.isArray(value)) return value.map((v) => redactValue(v, depth + 1));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      out[k] = SECRET_KEY.test(k) ? '***' : redactValue(v, depth + 1);
    }
    return out;
  }
  return value;
}

const SECRET_KEY = /^(password|passwd|pwd|secret|token|authToken|apiKey|api_key|signingSecret|clientSecret|appPassword)$/i;

// Reading the query string of console requests: bounded numbers, closed sets, dates. A bad value
// is a 400 with one sentence, never a silent default that shows the wrong rows.
export class QueryParamError extends Error {}

export function intParam(params: URLSearchParams, name: string, fallback: number, min: number, max: number): number {
  const raw = params.get(name);
  if (raw === null || raw === '') return fallback;
  if (!/^\d{1,9}$/.test(raw) || Number(raw) < min || Number(raw) > max) throw new QueryParamError(`${name} must be a whole number from ${min} to ${max}`);
  return Number(raw);
}

export function textParam(params: URLSearchParams, name: string, maxChars = 200): string | undefined {
  const raw = params.get(name)?.trim();
  if (!raw) return undefined;
  if (raw.length > maxChars) throw new QueryParamError(`${name} is at most ${maxChars} characters`);
  return raw;
}

export function oneOfParam<T extends string>(params: URLSearchParams, name: string, values: readonly T[]): T | undefined {
  const raw = params.get(name);
  if (raw === null || raw === '') return undefined;
  if (!(values as readonly string[]).includes(raw)) throw new QueryParamError(`${name} must be one of ${values.join(', ')}`);
  return raw as T;
}

/**
 * A calendar date (YYYY-MM-DD, UTC) as an instant: its start, or with `endOfDay` the start of the
 * next day, so `from=2025-03-01&to=2025-03-01` covers that whole day.
 */
export function dateParam(params: URLSearchParams, name: string, endOfDay = false): Date | undefined {
  const raw = params.get(name);
  if (raw === null || raw === '') return undefined;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(raw);
  const date = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : undefined;
  if (!date || date.toISOString().slice(0, 10) !== raw) throw new QueryParamError(`${name} must be a date like 2025-03-01`);
  if (endOfDay) date.setUTCDate(date.getUTCDate() + 1);
  return date;
}

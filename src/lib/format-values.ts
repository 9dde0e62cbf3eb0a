// Pure formatting of result values for people: numbers with thousands separators and compact K/M/B,
// column names in words, the granularity of a date column and dates at that granularity. Shared by
// the summary and the platform renderers. int8/numeric arrive as exact strings (see warehouse/cells.ts),
// so integers are grouped and compared as text/BigInt, never through a float that could round them.

/** PostgreSQL number types, by how they arrive in a Cell. */
const INTEGER_TYPES = new Set(['int2', 'int4', 'int8', 'oid']);
const DECIMAL_TYPES = new Set(['numeric', 'float4', 'float8', 'money']);
const TIME_TYPES = new Set(['date', 'timestamp', 'timestamptz']);

export function isNumberType(type: string): boolean {
  return INTEGER_TYPES.has(type) || DECIMAL_TYPES.has(type);
}

export function isTimeType(type: string): boolean {
  return TIME_TYPES.has(type);
}

// ---------------------------------------------------------------------------------------------
// Exact decimals: "-1234.5678" as sign + digits, so int8 and numeric never pass through a float.

interface Decimal {
  negative: boolean;
  int: string; // digits, no leading zeros (but at least "0")
  frac: string; // digits as given (may have trailing zeros)
}

const PLAIN_DECIMAL = /^([+-])?(\d+)(?:\.(\d*))?$/;

/** A number or exact numeric string as a plain decimal; undefined for NaN, Infinity and non-numbers. */
function toDecimal(value: string | number): Decimal | undefined {
  let text: string;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return undefined;
    if (Number.isInteger(value)) text = BigInt(value).toString();
    else {
      text = String(value);
      // 1.5e-7: spell it out; float digits past the 17th are noise, and we round long before that.
      if (/e/i.test(text)) text = value.toFixed(20).replace(/0+$/, '');
    }
  } else {
    text = value.trim();
  }
  const m = PLAIN_DECIMAL.exec(text);
  if (!m) return undefined;
  return { negative: m[1] === '-', int: m[2]!.replace(/^0+(?=\d)/, ''), frac: m[3] ?? '' };
}

function isZero(d: Decimal): boolean {
  return /^0+$/.test(d.int + d.frac || '0');
}

/** Round half away from zero to `places` fraction digits, exactly (BigInt). */
function roundDecimal(d: Decimal, places: number): Decimal {
  if (d.frac.length <= places) return d;
  const kept = BigInt(d.int + d.frac.slice(0, places));
  const up = d.frac.charCodeAt(places) - 48 >= 5;
  const digits = (up ? kept + 1n : kept).toString().padStart(places + 1, '0');
  const int = digits.slice(0, digits.length - places) || '0';
  const frac = digits.slice(digits.length - places);
  return { negative: d.negative, int, frac };
}

function groupThousands(int: string): string {
  return int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

function decimalToText(d: Decimal): string {
  const sign = d.negative && !isZero(d) ? '-' : '';
  return `${sign}${groupThousands(d.int)}${d.frac ? `.${d.frac}` : ''}`;
}

/**
 * Compare two numbers exactly (int8 and numeric strings included). Values that are not plain
 * numbers (NaN, Infinity, money text) compare through Number; NaN sorts last, as in PostgreSQL.
 */
export function compareNumbers(a: string | number, b: string | number): number {
  const x = toDecimal(a);
  const y = toDecimal(b);
  if (x && y) {
    const places = Math.max(x.frac.length, y.frac.length);
    const scaled = (d: Decimal) => (d.negative ? -1n : 1n) * BigInt(d.int + d.frac.padEnd(places, '0'));
    const dx = scaled(x);
    const dy = scaled(y);
    return dx < dy ? -1 : dx > dy ? 1 : 0;
  }
  const nx = toNumber(a);
  const ny = toNumber(b);
  if (Number.isNaN(nx) || Number.isNaN(ny)) return Number.isNaN(nx) ? (Number.isNaN(ny) ? 0 : 1) : -1;
  return nx < ny ? -1 : nx > ny ? 1 : 0;
}

/** For display rounding and money text ("$1,234.50", "-$3.00"); NaN when it is not a number. */
export function toNumber(value: string | number): number {
  if (typeof value === 'number') return value;
  const t = value.trim();
  if (/^[+-]?(Infinity|NaN)$/.test(t)) return Number(t);
  const negative = /^-|^\(.*\)$/.test(t);
  const digits = t.replace(/[^0-9.]/g, '');
  if (!/\d/.test(digits)) return Number.NaN;
  const n = Number(digits);
  return negative ? -n : n;
}

// ---------------------------------------------------------------------------------------------
// Numbers

/**
 * A number for people, exact where it matters: integers (int2/4/8) grouped digit for digit;
 * decimals with at most 2 places at or above 1 ("87.40", keeping the places the database gave, up
 * to 2) and 3 significant digits below 1 ("0.0123"). Money keeps PostgreSQL's own text; NaN and
 * Infinity stay as they are.
 */
export function formatNumber(value: string | number, type: string): string {
  if (type === 'money' && typeof value === 'string') return value;
  const d = toDecimal(value);
  if (!d) return String(value);
  if (d.frac === '') return decimalToText(d);
  const rounded = roundDecimal(d, decimalPlaces(d));
  // Zeros past the second place are float noise ("0.30000000000000004" → "0.30"), not precision.
  const keep = Math.min(2, d.frac.length);
  const frac = rounded.frac.slice(0, keep) + rounded.frac.slice(keep).replace(/0+$/, '');
  return decimalToText({ ...rounded, frac });
}

function decimalPlaces(d: Decimal): number {
  if (d.int !== '0') return Math.min(2, d.frac.length);
  const leadingZeros = /^0*/.exec(d.frac)![0].length;
  if (leadingZeros === d.frac.length) return Math.min(2, d.frac.length); // 0.000 → "0.00"
  return Math.min(d.frac.length, Math.max(2, leadingZeros + 3));
}

const UNITS: Array<[number, string]> = [
  [1e12, 'T'],
  [1e9, 'B'],
  [1e6, 'M'],
  [1e3, 'K'],
];

/**
 * Compact form for large values: "480.3 K", "1.2 M", "3 B" with up to `digits` decimals (1–3); values
 * below 10,000 are shown whole ("9,999", "87.40"). Display only: compare with compareNumbers.
 */
export function formatCompact(value: string | number, type = 'numeric', digits = 1): string {
  const n = toNumber(value);
  if (!Number.isFinite(n)) return String(value);
  const abs = Math.abs(n);
  if (abs < 10_000) return type === 'money' ? formatNumber(n, 'numeric') : formatNumber(value, type);
  for (let i = 0; i < UNITS.length; i++) {
    const [size, suffix] = UNITS[i]!;
    if (abs < size) continue;
    const scaled = Number((abs / size).toFixed(digits));
    // 999,960 at one decimal is "1,000.0 K": say "1.0 M" instead.
    if (scaled >= 1000 && i > 0) {
      const [bigger, biggerSuffix] = UNITS[i - 1]!;
      return `${n < 0 ? '-' : ''}${compactDigits(abs / bigger, digits)} ${biggerSuffix}`;
    }
    return `${n < 0 ? '-' : ''}${compactDigits(scaled, digits)} ${suffix}`;
  }
  return formatNumber(value, type);
}

// "500.0" → "500", "1.20" → "1.2": trailing zeros add nothing, and different values still differ.
function compactDigits(scaled: number, digits: number): string {
  const [whole, fraction = ''] = scaled.toFixed(digits).split('.');
  const kept = fraction.replace(/0+$/, '');
  return `${groupThousands(whole!)}${kept ? `.${kept}` : ''}`;
}

/**
 * Compact forms for values shown side by side (a highest and a lowest): one to three decimals,
 * the fewest that keep different values different, so rounding never makes 1,234,000 and
 * 1,236,000 look equal or out of order; failing that, the exact values.
 */
export function formatCompactAll(values: Array<string | number>, type = 'numeric'): string[] {
  for (let digits = 1; digits <= 3; digits++) {
    const texts = values.map((v) => formatCompact(v, type, digits));
    if (keepsDifferences(values, texts)) return texts;
  }
  const full = values.map((v) => formatNumber(v, type));
  if (keepsDifferences(values, full)) return full;
  return values.map((v) => (typeof v === 'number' ? String(v) : v));
}

function keepsDifferences(values: Array<string | number>, texts: string[]): boolean {
  for (let i = 0; i < values.length; i++) {
    for (let j = i + 1; j < values.length; j++) {
      if (texts[i] === texts[j] && compareNumbers(values[i]!, values[j]!) !== 0) return false;
    }
  }
  return true;
}

// ---------------------------------------------------------------------------------------------
// Column names

const ACRONYMS = new Set(['id', 'url', 'sku', 'usd', 'eur', 'gbp', 'kpi', 'utc', 'ip', 'ltv', 'aov', 'mrr', 'arr', 'roi']);

/** `avg_order_value` → "Avg order value", `orderCount` → "Order count", `customer_id` → "Customer ID". */
export function humanizeColumn(name: string): string {
  const words = name
    .replace(/^"|"$/g, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[\s_\-.]+/)
    .filter(Boolean)
    .map((w) => (ACRONYMS.has(w.toLowerCase()) ? w.toUpperCase() : w.toLowerCase()));
  if (words.length === 0) return name;
  const first = words[0]!;
  words[0] = first.charAt(0).toUpperCase() + first.slice(1);
  return words.join(' ');
}

// ---------------------------------------------------------------------------------------------
// Dates (ISO strings from warehouse/cells.ts: "2025-01-31", "2025-01-31T10:00:00", "…+02:00")

export type Granularity = 'year' | 'quarter' | 'month' | 'week' | 'day' | 'hour' | 'time';

interface WallClock {
  y: number;
  m: number; // 1–12
  d: number;
  hh: number;
  mm: number;
  ss: number; // seconds with fraction
  date: string; // YYYY-MM-DD
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}(?:\.\d+)?))?)?/;

// The wall clock the database printed (for timestamptz: in the session's time zone, which is also
// where date_trunc cut it), so "2025-03-01T00:00:00+01:00" is the first of a month, as meant.
function wallClock(iso: string): WallClock | undefined {
  const m = ISO.exec(iso);
  if (!m) return undefined; // 'infinity', BC dates
  return {
    y: Number(m[1]),
    m: Number(m[2]),
    d: Number(m[3]),
    hh: Number(m[4] ?? 0),
    mm: Number(m[5] ?? 0),
    ss: Number(m[6] ?? 0),
    date: `${m[1]}-${m[2]}-${m[3]}`,
  };
}

function dayNumber(w: WallClock): number {
  return Date.UTC(w.y, w.m - 1, w.d) / 86_400_000;
}

/**
 * The step a date column moves in, from its values: every value on Jan 1 → year; on the first of
 * Jan/Apr/Jul/Oct → quarter; on the first of a month → month; all on one weekday → week; whole
 * days → day; whole hours → hour; otherwise 'time'. Fewer than two distinct dates say nothing
 * about a step, so they count as days (or times of day).
 */
export function detectGranularity(dates: string[]): Granularity {
  const clocks = dates.map(wallClock).filter((w): w is WallClock => w !== undefined);
  if (clocks.some((w) => w.mm !== 0 || w.ss !== 0)) return 'time';
  if (clocks.some((w) => w.hh !== 0)) return 'hour';
  const distinct = new Set(clocks.map((w) => w.date));
  if (distinct.size < 2) return 'day';
  if (clocks.every((w) => w.d === 1)) {
    if (clocks.every((w) => w.m === 1)) return 'year';
    if (clocks.every((w) => (w.m - 1) % 3 === 0)) return 'quarter';
    return 'month';
  }
  const weekdays = new Set(clocks.map((w) => new Date(Date.UTC(w.y, w.m - 1, w.d)).getUTCDay()));
  if (weekdays.size === 1) {
    const days = [...distinct].map((d) => dayNumber(wallClock(d)!));
    if (days.every((n) => (n - days[0]!) % 7 === 0)) return 'week';
  }
  return 'day';
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** A date at its granularity: "2025", "Q1 2025", "Jan 2025", "week of 2025-01-06", "2025-01-06", "2025-01-06 14:00". */
export function formatDateAt(date: string, granularity: Granularity): string {
  const w = wallClock(date);
  if (!w) return date;
  const pad = (n: number) => String(n).padStart(2, '0');
  switch (granularity) {
    case 'year':
      return String(w.y);
    case 'quarter':
      return `Q${Math.floor((w.m - 1) / 3) + 1} ${w.y}`;
    case 'month':
      return `${MONTHS[w.m - 1]} ${w.y}`;
    case 'week':
      return `week of ${w.date}`;
    case 'day':
      return w.date;
    case 'hour':
      return `${w.date} ${pad(w.hh)}:00`;
    case 'time':
      return `${w.date} ${pad(w.hh)}:${pad(w.mm)}:${pad(Math.floor(w.ss))}`;
  }
}

/**
 * Order of two ISO dates/timestamps by their wall clock (what the database printed); within one
 * column the session time zone is the same, so this is the instants' order (but for the repeated
 * hour when clocks go back).
 */
export function compareDates(a: string, b: string): number {
  const x = wallClock(a);
  const y = wallClock(b);
  if (!x || !y) return x ? -1 : y ? 1 : 0;
  const key = (w: WallClock) => [w.y, w.m, w.d, w.hh, w.mm, w.ss];
  const kx = key(x);
  const ky = key(y);
  for (let i = 0; i < kx.length; i++) if (kx[i] !== ky[i]) return kx[i]! < ky[i]! ? -1 : 1;
  return 0;
}

/** Whether a value parses as an ISO date (not 'infinity' or a BC date). */
export function isCalendarDate(value: string): boolean {
  return wallClock(value) !== undefined;
}

// The demo business calendar: three full years of trading (2023-01-01 … 2025-12-31, UTC) and the
// demand curve every generator shares — ~30 % yearly growth, a December peak, a summer bump,
// weekday effects, Black Friday / Cyber Monday, Boxing Day and a mid-July summer sale.
import { DAY_MS, utcDay } from './tsv.ts';

export const PERIOD_START_MS = utcDay(2023, 1, 1);
/** Exclusive end; also the snapshot time the data is "as of" (2026-01-01 00:00 UTC). */
export const PERIOD_END_MS = utcDay(2026, 1, 1);
export const PERIOD_DAYS = Math.round((PERIOD_END_MS - PERIOD_START_MS) / DAY_MS);

const MONTH_FACTOR = [0.88, 0.82, 0.93, 0.95, 1.0, 1.06, 1.12, 1.08, 0.96, 1.0, 1.14, 1.3];
// Sunday … Saturday
const WEEKDAY_FACTOR = [1.1, 0.95, 0.9, 0.92, 0.97, 1.05, 1.2];
const YEARLY_GROWTH = 1.3;

/** Years since the start of the period (fractional). */
export function yearsSinceStart(ms: number): number {
  return (ms - PERIOD_START_MS) / (365.25 * DAY_MS);
}

/** Relative order demand on the day starting at `dayMs` (1 ≈ an average January 2023 weekday). */
export function demandFactor(dayMs: number): number {
  const date = new Date(dayMs);
  return (
    YEARLY_GROWTH ** yearsSinceStart(dayMs) *
    (MONTH_FACTOR[date.getUTCMonth()] as number) *
    (WEEKDAY_FACTOR[date.getUTCDay()] as number) *
    holidayFactor(dayMs)
  );
}

/** Black Friday of the year (the day after the fourth Thursday of November), as epoch ms. */
export function blackFriday(year: number): number {
  const nov1 = new Date(utcDay(year, 11, 1)).getUTCDay();
  const firstThursday = 1 + ((4 - nov1 + 7) % 7);
  return utcDay(year, 11, firstThursday + 21 + 1);
}

/** Named sale events, used for demand and for promo codes. */
export function saleEvent(dayMs: number): 'black_friday' | 'cyber_monday' | 'summer_sale' | 'new_year' | 'boxing_day' | null {
  const date = new Date(dayMs);
  const year = date.getUTCFullYear();
  const bf = blackFriday(year);
  if (dayMs >= bf && dayMs < bf + 3 * DAY_MS) return 'black_friday';
  if (dayMs === bf + 3 * DAY_MS) return 'cyber_monday';
  const month = date.getUTCMonth() + 1;
  const day = date.getUTCDate();
  if (month === 7 && day >= 14 && day <= 17) return 'summer_sale';
  if (month === 1 && day <= 7) return 'new_year';
  if (month === 12 && day === 26) return 'boxing_day';
  return null;
}

function holidayFactor(dayMs: number): number {
  const date = new Date(dayMs);
  const month = date.getUTCMonth() + 1;
  const day = date.getUTCDate();
  const bf = blackFriday(date.getUTCFullYear());
  if (dayMs === bf) return 2.7;
  if (dayMs === bf - DAY_MS) return 0.8; // Thanksgiving
  if (dayMs > bf && dayMs < bf + 3 * DAY_MS) return 1.7;
  if (dayMs === bf + 3 * DAY_MS) return 2.2; // Cyber Monday
  if (month === 12) {
    if (day <= 23) return 1 + day * 0.022; // the run-up to Christmas
    if (day === 24) return 0.85;
    if (day === 25) return 0.35;
    if (day === 26) return 1.6;
    return 1.05;
  }
  if (month === 1 && day === 1) return 0.5;
  if (month === 7 && day >= 14 && day <= 17) return 1.45;
  return 1;
}

/** Local hour-of-day weights (0 … 23) for online orders: evening peak. */
export const ONLINE_HOUR_WEIGHTS = [
  1.2, 0.8, 0.5, 0.3, 0.25, 0.3, 0.6, 1.2, 2.2, 3.0, 3.4, 3.6, 4.0, 3.8, 3.6, 3.6, 3.8, 4.2, 4.8, 5.6, 6.2, 6.0, 4.6, 2.6,
];

/** Local hour-of-day weights for in-store orders: shops open 09:00–21:00, lunch and after-work peaks. */
export const STORE_HOUR_WEIGHTS = [
  0, 0, 0, 0, 0, 0, 0, 0, 0, 1.6, 2.6, 3.6, 4.6, 4.8, 4.0, 3.8, 4.2, 5.0, 5.2, 4.2, 2.8, 1.4, 0, 0,
];

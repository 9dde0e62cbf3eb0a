// Generates the web/app clickstream (events, JSONB payloads). Tracking went live on 2025-01-01 and
// only records signed-in customers who opted in (customers.marketing_opt_in) plus anonymous
// visitors. Every web/app order of an opted-in customer in 2025 has a session ending in a
// `purchase` event carrying its order_id; other sessions browse and abandon.
import { demandFactor, PERIOD_END_MS, saleEvent } from './calendar.ts';
import type { Catalog, ProductModel } from './catalog.ts';
import { monthIndexOf } from './catalog.ts';
import type { OrderModel } from './orders.ts';
import type { People } from './people.ts';
import { createRng, pickWeighted, weightedPicker, type Rng } from './prng.ts';
import { DAY_MS, isoTimestamp, tableWriter, utcDay, type TableData } from './tsv.ts';

export const EVENTS_START_MS = utcDay(2025, 1, 1);

type Platform = 'web' | 'ios' | 'android';
interface EventRow { atMs: number; sessionId: string; customerId: number | null; type: string; platform: Platform; payload: Record<string, unknown> }

export function generateEvents(seed: number, catalog: Catalog, people: People, orders: OrderModel[]): TableData {
  const rng = createRng(seed, 'events');
  const events: EventRow[] = [];

  const tracked = orders.filter((o) => o.orderedMs >= EVENTS_START_MS && o.channel !== 'in_store' && o.customer.optIn);
  for (const order of tracked) {
    const platform: Platform = order.channel === 'web' ? 'web' : appPlatform(rng, order.customer.country.regionId);
    session(rng, events, catalog, order.orderedMs, order.customer.id, platform, order);
  }

  const days = Math.round((PERIOD_END_MS - EVENTS_START_MS) / DAY_MS);
  const dayPicker = weightedPicker(Array.from({ length: days }, (_, d) => demandFactor(EVENTS_START_MS + d * DAY_MS)));
  const optedIn = people.customers.filter((c) => c.optIn);
  const browseSessions = Math.round(tracked.length * 3);
  for (let i = 0; i < browseSessions; i++) {
    const dayMs = EVENTS_START_MS + dayPicker.pick(rng) * DAY_MS;
    let customerId: number | null = null;
    let regionId = rng.int(1, 5);
    if (rng.chance(0.5)) {
      const c = optedIn[rng.int(0, optedIn.length - 1)]!;
      if (c.signupMs <= dayMs) {
        customerId = c.id;
        regionId = c.country.regionId;
      }
    }
    const platform: Platform = rng.chance(0.55) ? 'web' : appPlatform(rng, regionId);
    const endMs = Math.min(PERIOD_END_MS - 1000, dayMs + Math.round(rng.next() * DAY_MS));
    session(rng, events, catalog, endMs, customerId, platform, null);
  }

  events.sort((a, b) => a.atMs - b.atMs || (a.sessionId < b.sessionId ? -1 : a.sessionId > b.sessionId ? 1 : 0));
  const out = tableWriter('events', ['event_id', 'session_id', 'customer_id', 'event_type', 'occurred_at', 'platform', 'payload']);
  events.forEach((e, i) => out.add([i + 1, e.sessionId, e.customerId, e.type, isoTimestamp(e.atMs), e.platform, e.payload]));
  return out.finish();
}

/** One session ending at `endMs`: landing page, maybe a search, product views, cart, checkout, purchase. */
function session(
  rng: Rng, out: EventRow[], catalog: Catalog, endMs: number, customerId: number | null, platform: Platform, order: OrderModel | null,
): void {
  const sessionId = rng.uuid();
  const steps: { type: string; payload: Record<string, unknown> }[] = [];
  const { picker, products } = catalog.pickerForMonth(monthIndexOf(endMs));
  const device = deviceFor(rng, platform, endMs);
  const source = pickWeighted(rng, [['direct', 30], ['google', 28], ['instagram', 10], ['newsletter', 9], ['facebook', 7], ['tiktok', 6], ['bing', 4], ['affiliate', 6]] as const);
  const purchased = order ? order.lines.map((l) => l.product) : [];
  const featured = purchased[0] ?? (products[picker.pick(rng)] as ProductModel);
  const landing = pickWeighted(rng, [
    ['/', 40], ['/sale', 12], [`/c/${slug(featured.subcategory)}`, 28], [`/p/${featured.id}`, 20],
  ] as const);
  steps.push({ type: 'page_view', payload: { page: landing, referrer: source, utm: utmFor(rng, source, endMs), device } });
  // Most visits that do not end in a purchase bounce after the landing page.
  if (!order && rng.chance(0.45)) return emit(rng, out, steps, endMs, sessionId, customerId, platform);

  const viewList = rng.chance(0.3) ? 'search_results' : pickWeighted(rng, [['category', 55], ['recommendations', 25], ['homepage', 20]] as const);
  if (viewList === 'search_results') {
    const query = (rng.chance(0.2) ? `${featured.name.split(' ')[0]} ${featured.noun}` : featured.noun).toLowerCase();
    steps.push({ type: 'search', payload: { query, results_count: rng.int(0, 60) } });
  }
  const extraViews = order ? rng.int(0, 3) : rng.int(0, 3);
  const viewed = [...purchased];
  for (let i = 0; i < extraViews; i++) viewed.splice(rng.int(0, viewed.length), 0, products[picker.pick(rng)] as ProductModel);
  viewed.forEach((p, position) => {
    steps.push({ type: 'product_view', payload: { product_id: p.id, sku: p.sku, price: p.listPriceCents / 100, list: viewList, position: position + 1 } });
  });

  if (order) {
    for (const line of order.lines) {
      steps.push({ type: 'add_to_cart', payload: { product_id: line.product.id, quantity: line.quantity, price: line.unitCents / 100 } });
    }
    steps.push({ type: 'checkout_started', payload: { cart_value: order.totalCents / 100, item_count: order.lines.length } });
    steps.push({
      type: 'purchase',
      payload: { order_id: order.id, value: order.totalCents / 100, currency: 'USD', item_count: order.lines.length, payment_method: order.paymentMethod, coupon: order.promoCode },
    });
  } else if (viewed.length > 0 && rng.chance(0.3)) {
    const p = viewed[viewed.length - 1] as ProductModel;
    steps.push({ type: 'add_to_cart', payload: { product_id: p.id, quantity: 1, price: p.listPriceCents / 100 } });
    if (rng.chance(0.25)) steps.push({ type: 'remove_from_cart', payload: { product_id: p.id, quantity: 1 } });
    else if (rng.chance(0.3)) steps.push({ type: 'checkout_started', payload: { cart_value: p.listPriceCents / 100, item_count: 1 } });
  }

  emit(rng, out, steps, endMs, sessionId, customerId, platform);
}

/** Walk back from the last event so a purchase lands exactly on the order's timestamp. */
function emit(
  rng: Rng, out: EventRow[], steps: { type: string; payload: Record<string, unknown> }[], endMs: number,
  sessionId: string, customerId: number | null, platform: Platform,
): void {
  let atMs = endMs;
  const timed = steps.map(() => 0);
  for (let i = steps.length - 1; i >= 0; i--) {
    timed[i] = atMs;
    atMs -= rng.int(8, 150) * 1000;
  }
  if ((timed[0] as number) < EVENTS_START_MS) return;
  steps.forEach((s, i) => out.push({ atMs: timed[i] as number, sessionId, customerId, type: s.type, platform, payload: s.payload }));
}

function slug(text: string): string {
  return text.toLowerCase().replace(/'/g, '').replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}

function appPlatform(rng: Rng, regionId: number): Platform {
  const iosShare = regionId === 1 || regionId === 3 ? 0.6 : regionId === 2 ? 0.45 : 0.3;
  return rng.chance(iosShare) ? 'ios' : 'android';
}

function deviceFor(rng: Rng, platform: Platform, atMs: number): Record<string, unknown> {
  const month = new Date(atMs).getUTCMonth();
  if (platform === 'web') {
    const type = pickWeighted(rng, [['desktop', 55], ['mobile', 38], ['tablet', 7]] as const);
    const os = type === 'desktop'
      ? pickWeighted(rng, [['Windows', 62], ['macOS', 33], ['Linux', 5]] as const)
      : pickWeighted(rng, [['iOS', 52], ['Android', 48]] as const);
    const browser = os === 'iOS' || os === 'macOS' ? (rng.chance(0.8) ? 'Safari' : 'Chrome') : pickWeighted(rng, [['Chrome', 70], ['Edge', 15], ['Firefox', 10], ['Samsung Internet', 5]] as const);
    return { type, os, browser };
  }
  const osVersion = platform === 'ios' ? `${rng.chance(0.7) ? 18 : 17}.${rng.int(0, 5)}` : String(rng.int(12, 15));
  return { type: 'mobile', os: platform === 'ios' ? 'iOS' : 'Android', os_version: osVersion, app_version: `5.${month}.${rng.int(0, 3)}` };
}

function utmFor(rng: Rng, source: string, atMs: number): Record<string, string> | null {
  const sale = saleEvent(atMs - (atMs % DAY_MS));
  const month = new Date(atMs).getUTCMonth() + 1;
  const seasonal = sale ? `${sale}_2025` : month === 12 ? 'holiday_gifts' : month >= 3 && month <= 5 ? 'spring_collection' : month === 8 || month === 9 ? 'back_to_school' : 'always_on';
  switch (source) {
    case 'google':
    case 'bing':
      return rng.chance(0.55) ? { source, medium: 'cpc', campaign: rng.chance(0.5) ? 'brand_search' : seasonal } : null;
    case 'newsletter':
      return { source: 'newsletter', medium: 'email', campaign: sale ? seasonal : 'weekly_digest' };
    case 'instagram':
    case 'facebook':
    case 'tiktok':
      return rng.chance(0.5) ? { source, medium: 'paid_social', campaign: seasonal } : null;
    case 'affiliate':
      return { source: 'affiliate', medium: 'referral', campaign: 'partner_program' };
    default:
      return null;
  }
}

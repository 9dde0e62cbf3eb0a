// Generates the sales tables — orders, order_items, payments, returns — day by day over the period:
// demand from the calendar, customers by activity and churn, channel mix shifting to the app,
// in-store sales rung up by an employee on shift, promotions on sale days, fulfilment times by
// region, cancellations, failed payment attempts and (partial) returns with refunds.
import { REGIONS } from './reference-places.ts';
import { demandFactor, ONLINE_HOUR_WEIGHTS, PERIOD_END_MS, PERIOD_START_MS, saleEvent, STORE_HOUR_WEIGHTS, yearsSinceStart } from './calendar.ts';
import { monthIndexOf, type Catalog, type ProductModel } from './catalog.ts';
import type { CustomerModel, People, StoreModel } from './people.ts';
import { createRng, pickWeighted, weightedPicker, type Rng } from './prng.ts';
import { DAY_MS, HOUR_MS, isoTimestamp, MINUTE_MS, money, tableWriter, type TableData } from './tsv.ts';

export type Channel = 'web' | 'mobile_app' | 'in_store';
export type OrderStatus = 'placed' | 'shipped' | 'delivered' | 'returned' | 'cancelled';

export interface OrderLine {
  product: ProductModel;
  quantity: number;
  unitCents: number;
  discountCents: number;
  lineCents: number;
  returned: { quantity: number; atMs: number; reason: string; refundCents: number } | null;
}

export interface OrderModel {
  id: number;
  customer: CustomerModel;
  channel: Channel;
  store: StoreModel;
  employeeId: number | null;
  orderedMs: number;
  status: OrderStatus;
  shippedMs: number | null;
  deliveredMs: number | null;
  cancelledMs: number | null;
  promoCode: string | null;
  lines: OrderLine[];
  subtotalCents: number;
  discountCents: number;
  shippingCents: number;
  totalCents: number;
  paymentMethod: string;
  failedAttempt: string | null;
}

const TARGET_ORDERS = 62_000;
const FREE_SHIPPING_CENTS = 7500;

export function generateOrders(seed: number, catalog: Catalog, people: People): { tables: TableData[]; orders: OrderModel[] } {
  const rng = createRng(seed, 'orders');
  const days = Math.round((PERIOD_END_MS - PERIOD_START_MS) / DAY_MS);
  const demand = Array.from({ length: days }, (_, d) => demandFactor(PERIOD_START_MS + d * DAY_MS));
  const scale = TARGET_ORDERS / demand.reduce((a, b) => a + b, 0);
  const customers = people.customers;
  const hasOrdered = new Uint8Array(customers.length + 1);
  const onlineHour = weightedPicker(ONLINE_HOUR_WEIGHTS);
  const storeHour = weightedPicker(STORE_HOUR_WEIGHTS);
  const orders: OrderModel[] = [];

  let eligible = 0; // customers[0 … eligible) signed up by the end of the current day
  let recent = 0; // customers[recent … eligible) signed up within the last 21 days
  for (let d = 0; d < days; d++) {
    const dayMs = PERIOD_START_MS + d * DAY_MS;
    while (eligible < customers.length && customers[eligible]!.signupMs <= dayMs) eligible++;
    while (recent < eligible && customers[recent]!.signupMs < dayMs - 21 * DAY_MS) recent++;
    if (eligible === 0) continue;
    const count = rng.poisson((demand[d] as number) * scale);
    for (let k = 0; k < count; k++) {
      const customer = pickCustomer(rng, customers, eligible, recent, dayMs);
      orders.push(buildOrder(rng, catalog, people, customer, dayMs, hasOrdered, () => onlineHour.pick(rng), () => storeHour.pick(rng)));
    }
  }

  orders.sort((a, b) => a.orderedMs - b.orderedMs || a.customer.id - b.customer.id);
  orders.forEach((o, i) => (o.id = i + 1));
  return { tables: writeTables(rng, orders), orders };
}

function pickCustomer(rng: Rng, customers: CustomerModel[], eligible: number, recent: number, dayMs: number): CustomerModel {
  if (recent < eligible && rng.chance(0.22)) return customers[rng.int(recent, eligible - 1)] as CustomerModel;
  let candidate = customers[0] as CustomerModel;
  for (let tries = 0; tries < 80; tries++) {
    candidate = customers[rng.int(0, eligible - 1)] as CustomerModel;
    const stillActive = dayMs < candidate.churnMs ? 1 : 0.04;
    if (rng.next() < candidate.activity * stillActive) return candidate;
  }
  return candidate;
}

function buildOrder(
  rng: Rng, catalog: Catalog, people: People, customer: CustomerModel, dayMs: number, hasOrdered: Uint8Array,
  onlineHour: () => number, storeHour: () => number,
): OrderModel {
  const region = REGIONS[customer.country.regionId - 1]!;
  const t = yearsSinceStart(dayMs);
  const weekend = [0, 6].includes(new Date(dayMs).getUTCDay());
  const physical = people.stores.filter(
    (s) => s.type !== 'online' && s.countryCode === customer.country.code && s.openedMs <= dayMs && (s.closedMs === null || dayMs < s.closedMs),
  );
  let channel: Channel = pickWeighted(rng, [
    ['in_store', (0.42 - 0.03 * t) * (weekend ? 1.25 : 1)], ['mobile_app', 0.16 + 0.045 * t], ['web', 0.42 - 0.015 * t],
  ] as const);
  if (channel === 'in_store' && physical.length === 0) channel = rng.chance(0.7) ? 'web' : 'mobile_app';

  let store = people.onlineStoreByRegion.get(region.id) as StoreModel;
  let employeeId: number | null = null;
  if (channel === 'in_store') {
    const local = physical.filter((s) => s.city === customer.city);
    store = local.length > 0 && rng.chance(0.75)
      ? rng.pick(local)
      : pickWeighted(rng, physical.map((s) => [s, s.type === 'flagship' ? 2 : s.type === 'outlet' ? 0.8 : 1] as const));
    const onShift = store.sellers.filter((e) => e.fromMs <= dayMs && (e.toMs === null || dayMs < e.toMs));
    employeeId = onShift.length ? pickWeighted(rng, onShift.map((e) => [e.id, e.weight] as const)) : null;
  }

  const localHour = (channel === 'in_store' ? storeHour() : onlineHour()) + rng.next();
  let orderedMs = dayMs + Math.round((localHour - customer.country.utcOffset) * HOUR_MS / 1000) * 1000;
  if (orderedMs < PERIOD_START_MS) orderedMs += DAY_MS;
  if (orderedMs >= PERIOD_END_MS) orderedMs -= DAY_MS;
  const year = new Date(orderedMs).getUTCFullYear();
  const yy = String(year).slice(2);

  const { promoCode, discountPct } = choosePromo(rng, dayMs, yy, customer, hasOrdered[customer.id] === 0);
  hasOrdered[customer.id] = 1;

  const { picker, products } = catalog.pickerForMonth(monthIndexOf(orderedMs));
  const lineCount = pickWeighted(rng, [[1, 45], [2, 27], [3, 14], [4, 8], [5, 4], [6, 2]] as const);
  const lines: OrderLine[] = [];
  const chosen = new Set<number>();
  for (let i = 0; i < lineCount; i++) {
    let product = products[picker.pick(rng)] as ProductModel;
    for (let retry = 0; retry < 5 && chosen.has(product.id); retry++) product = products[picker.pick(rng)] as ProductModel;
    if (chosen.has(product.id)) continue;
    chosen.add(product.id);
    const consumable = ['GRO', 'BEA', 'BOO'].includes(product.department.code);
    const quantity = consumable
      ? pickWeighted(rng, [[1, 60], [2, 25], [3, 10], [4, 5]] as const)
      : pickWeighted(rng, [[1, 86], [2, 11], [3, 3]] as const);
    const unitCents = catalog.priceInYear(product.listPriceCents, year);
    const discountCents = Math.round(unitCents * quantity * discountPct);
    lines.push({ product, quantity, unitCents, discountCents, lineCents: unitCents * quantity - discountCents, returned: null });
  }

  const subtotalCents = lines.reduce((a, l) => a + l.unitCents * l.quantity, 0);
  const discountCents = lines.reduce((a, l) => a + l.discountCents, 0);
  const freeShipping = channel === 'in_store' || customer.tier === 'gold' || customer.tier === 'platinum' || subtotalCents - discountCents >= FREE_SHIPPING_CENTS;
  const shippingCents = freeShipping ? 0 : region.shippingCents;

  const order: OrderModel = {
    id: 0, customer, channel, store, employeeId, orderedMs, status: 'delivered', shippedMs: null, deliveredMs: null,
    cancelledMs: null, promoCode, lines, subtotalCents, discountCents, shippingCents,
    totalCents: subtotalCents - discountCents + shippingCents,
    paymentMethod: choosePaymentMethod(rng, channel, region.code), failedAttempt: null,
  };
  if (channel !== 'in_store' && rng.chance(0.03)) order.failedAttempt = choosePaymentMethod(rng, channel, region.code);
  fulfil(rng, order, region.deliveryDays);
  return order;
}

function choosePromo(rng: Rng, dayMs: number, yy: string, customer: CustomerModel, firstOrder: boolean): { promoCode: string | null; discountPct: number } {
  switch (saleEvent(dayMs)) {
    case 'black_friday':
      if (rng.chance(0.55)) return { promoCode: `BLACKFRIDAY${yy}`, discountPct: 0.2 };
      break;
    case 'cyber_monday':
      if (rng.chance(0.55)) return { promoCode: `CYBERMONDAY${yy}`, discountPct: 0.25 };
      break;
    case 'summer_sale':
      if (rng.chance(0.4)) return { promoCode: `SUMMER${yy}`, discountPct: 0.15 };
      break;
    case 'new_year':
      if (rng.chance(0.25)) return { promoCode: `NEWYEAR${yy}`, discountPct: 0.1 };
      break;
    case 'boxing_day':
      if (rng.chance(0.4)) return { promoCode: `BOXINGDAY${yy}`, discountPct: 0.2 };
      break;
    case null:
      break;
  }
  if (firstOrder && rng.chance(0.3)) return { promoCode: 'WELCOME10', discountPct: 0.1 };
  if ((customer.tier === 'gold' || customer.tier === 'platinum') && rng.chance(0.06)) return { promoCode: 'LOYALTY15', discountPct: 0.15 };
  return { promoCode: null, discountPct: 0 };
}

function choosePaymentMethod(rng: Rng, channel: Channel, regionCode: string): string {
  if (channel === 'in_store') {
    return pickWeighted(rng, [
      ['credit_card', 38], ['debit_card', 24], ['cash', regionCode === 'LATAM' || regionCode === 'MEA' ? 22 : 11],
      ['apple_pay', 12], ['google_pay', 8], ['gift_card', 4],
    ] as const);
  }
  if (channel === 'mobile_app') {
    return pickWeighted(rng, [
      ['credit_card', 34], ['paypal', 14], ['apple_pay', 26], ['google_pay', 18], ['klarna', regionCode === 'EU' || regionCode === 'NA' ? 5 : 1], ['gift_card', 3],
    ] as const);
  }
  return pickWeighted(rng, [
    ['credit_card', 46], ['debit_card', 12], ['paypal', 20], ['apple_pay', 6], ['google_pay', 4],
    ['klarna', regionCode === 'EU' || regionCode === 'NA' ? 7 : 1], ['gift_card', 3], ['bank_transfer', regionCode === 'EU' ? 4 : 1],
  ] as const);
}

const RETURN_REASONS: Record<string, readonly (readonly [string, number])[]> = {
  APP: [['wrong_size', 45], ['changed_mind', 25], ['not_as_described', 15], ['damaged', 5], ['defective', 5], ['late_delivery', 5]],
  ELE: [['defective', 35], ['changed_mind', 25], ['not_as_described', 15], ['damaged', 15], ['late_delivery', 5], ['wrong_item', 5]],
  other: [['changed_mind', 35], ['damaged', 20], ['not_as_described', 20], ['defective', 12], ['wrong_item', 8], ['late_delivery', 5]],
};

function fulfil(rng: Rng, order: OrderModel, extraDeliveryDays: number): void {
  const online = order.channel !== 'in_store';
  if (online && rng.chance(0.032)) {
    order.status = 'cancelled';
    order.cancelledMs = Math.min(PERIOD_END_MS - 1000, order.orderedMs + rng.int(10, 20 * 60) * MINUTE_MS);
    return;
  }
  if (online) {
    const date = new Date(order.orderedMs);
    const peak = date.getUTCMonth() === 11 && date.getUTCDate() >= 10 ? 1 : 0;
    const shipped = order.orderedMs + rng.int(4, 60 + 24 * peak) * HOUR_MS + rng.int(0, 59) * MINUTE_MS;
    const delivered = shipped + (rng.int(1, 5) + extraDeliveryDays + peak) * DAY_MS + rng.int(0, 10) * HOUR_MS;
    if (shipped >= PERIOD_END_MS) {
      order.status = 'placed';
      return;
    }
    order.shippedMs = shipped;
    if (delivered >= PERIOD_END_MS) {
      order.status = 'shipped';
      return;
    }
    order.deliveredMs = delivered;
  } else {
    order.deliveredMs = order.orderedMs;
  }
  order.status = 'delivered';

  for (const line of order.lines) {
    const dept = line.product.department;
    const rate = dept.returnRate * (online ? 1 : 0.6) * (order.promoCode ? 1.15 : 1);
    if (!rng.chance(rate)) continue;
    const atMs = (order.deliveredMs as number) + rng.int(2, 30) * DAY_MS + rng.int(0, 23) * HOUR_MS;
    if (atMs >= PERIOD_END_MS) continue;
    const quantity = line.quantity === 1 ? 1 : rng.int(1, line.quantity);
    const reason = pickWeighted(rng, RETURN_REASONS[dept.code] ?? RETURN_REASONS.other!);
    line.returned = { quantity, atMs, reason, refundCents: Math.round((line.lineCents * quantity) / line.quantity) };
  }
  if (order.lines.length > 0 && order.lines.every((l) => l.returned && l.returned.quantity === l.quantity)) order.status = 'returned';
}

function writeTables(rng: Rng, orders: OrderModel[]): TableData[] {
  const ordersOut = tableWriter('orders', [
    'order_id', 'customer_id', 'store_id', 'employee_id', 'channel', 'status', 'ordered_at', 'shipped_at', 'delivered_at',
    'cancelled_at', 'promo_code', 'subtotal_amount', 'discount_amount', 'shipping_amount', 'total_amount',
  ]);
  const itemsOut = tableWriter('order_items', ['order_item_id', 'order_id', 'line_number', 'product_id', 'quantity', 'unit_price', 'discount_amount', 'line_total']);
  const payments: { atMs: number; orderId: number; method: string; status: string; cents: number }[] = [];
  const returns: { atMs: number; orderId: number; itemId: number; quantity: number; reason: string; cents: number }[] = [];
  const ts = (ms: number | null) => (ms === null ? null : isoTimestamp(ms));

  let itemId = 0;
  for (const o of orders) {
    ordersOut.add([
      o.id, o.customer.id, o.store.id, o.employeeId, o.channel, o.status, ts(o.orderedMs), ts(o.shippedMs), ts(o.deliveredMs),
      ts(o.cancelledMs), o.promoCode, money(o.subtotalCents), money(o.discountCents), money(o.shippingCents), money(o.totalCents),
    ]);
    o.lines.forEach((l, i) => {
      itemId++;
      itemsOut.add([itemId, o.id, i + 1, l.product.id, l.quantity, money(l.unitCents), money(l.discountCents), money(l.lineCents)]);
      if (l.returned) returns.push({ atMs: l.returned.atMs, orderId: o.id, itemId, quantity: l.returned.quantity, reason: l.returned.reason, cents: l.returned.refundCents });
    });
    if (o.failedAttempt) payments.push({ atMs: Math.max(PERIOD_START_MS, o.orderedMs - rng.int(5, 90) * 1000), orderId: o.id, method: o.failedAttempt, status: 'failed', cents: o.totalCents });
    if (o.status === 'cancelled') {
      payments.push({ atMs: o.orderedMs + rng.int(2, 40) * 1000, orderId: o.id, method: o.paymentMethod, status: 'voided', cents: o.totalCents });
    } else {
      const delay = o.channel === 'in_store' ? 0 : rng.int(2, 40) * 1000;
      payments.push({ atMs: Math.min(PERIOD_END_MS - 1000, o.orderedMs + delay), orderId: o.id, method: o.paymentMethod, status: 'captured', cents: o.totalCents });
    }
  }

  const paymentsOut = tableWriter('payments', ['payment_id', 'order_id', 'payment_method', 'status', 'amount', 'created_at']);
  payments.sort((a, b) => a.atMs - b.atMs || a.orderId - b.orderId);
  payments.forEach((p, i) => paymentsOut.add([i + 1, p.orderId, p.method, p.status, money(p.cents), isoTimestamp(p.atMs)]));

  const returnsOut = tableWriter('returns', ['return_id', 'order_id', 'order_item_id', 'returned_at', 'quantity', 'reason', 'refund_amount']);
  returns.sort((a, b) => a.atMs - b.atMs || a.itemId - b.itemId);
  returns.forEach((r, i) => returnsOut.add([i + 1, r.orderId, r.itemId, isoTimestamp(r.atMs), r.quantity, r.reason, money(r.cents)]));

  return [ordersOut.finish(), itemsOut.finish(), paymentsOut.finish(), returnsOut.finish()];
}

// Generates regions, countries, stores, employees (with a reporting line and staff turnover) and
// customers (signing up with growth and seasonality, each with an activity level and a churn date),
// plus the in-memory models the order generator samples from.
import { COUNTRIES, FIRST_NAMES, LAST_NAMES, REGIONS, STORES, type Culture, type CountryRef, type StoreRef } from './reference-places.ts';
import { demandFactor, PERIOD_END_MS, PERIOD_START_MS } from './calendar.ts';
import { createRng, pickWeighted, weightedPicker, type Rng } from './prng.ts';
import { DAY_MS, emailLocalPart, isoDate, money, tableWriter, utcDay, type TableData } from './tsv.ts';

export interface StoreModel extends StoreRef {
  id: number;
  openedMs: number;
  closedMs: number | null;
  /** Employees who can ring up a sale, with their active interval. */
  sellers: { id: number; fromMs: number; toMs: number | null; weight: number }[];
}

export interface CustomerModel {
  id: number;
  country: CountryRef;
  city: string;
  signupMs: number;
  churnMs: number;
  /** Relative purchase frequency, 0 … 1. */
  activity: number;
  tier: 'bronze' | 'silver' | 'gold' | 'platinum';
  optIn: boolean;
}

export interface People {
  tables: TableData[];
  stores: StoreModel[];
  onlineStoreByRegion: Map<number, StoreModel>;
  customers: CustomerModel[];
}

const CUSTOMER_COUNT = 22_000;
const YEAR_MS = 365.25 * DAY_MS;

export function generatePeople(seed: number): People {
  const rng = createRng(seed, 'people');
  const regions = tableWriter('regions', ['region_id', 'region_code', 'name']);
  for (const r of REGIONS) regions.add([r.id, r.code, r.name]);
  const countries = tableWriter('countries', ['country_code', 'name', 'region_id', 'currency_code']);
  for (const c of COUNTRIES) countries.add([c.code, c.name, c.regionId, c.currency]);

  const storesOut = tableWriter('stores', ['store_id', 'store_code', 'name', 'store_type', 'city', 'country_code', 'region_id', 'opened_on', 'closed_on', 'square_meters']);
  const stores: StoreModel[] = STORES.map((ref, i) => {
    storesOut.add([i + 1, ref.code, ref.name, ref.type, ref.city, ref.countryCode, ref.regionId, ref.openedOn, ref.closedOn, ref.squareMeters]);
    return { ...ref, id: i + 1, openedMs: Date.parse(ref.openedOn), closedMs: ref.closedOn ? Date.parse(ref.closedOn) : null, sellers: [] };
  });
  const onlineStoreByRegion = new Map(stores.filter((st) => st.type === 'online').map((st) => [st.regionId, st]));

  const employees = generateEmployees(rng, stores);
  const customers = generateCustomers(seed);
  return {
    tables: [regions.finish(), countries.finish(), storesOut.finish(), employees, customers.table],
    stores,
    onlineStoreByRegion,
    customers: customers.models,
  };
}

// ---------------------------------------------------------------------------------------------
// Employees

const SALARY: Record<string, number> = {
  'Chief Executive Officer': 310_000, 'Chief Financial Officer': 240_000, 'Head of Retail': 190_000,
  'Head of E-commerce': 185_000, 'Regional Manager': 125_000, 'E-commerce Manager': 95_000,
  'Store Manager': 72_000, 'Assistant Store Manager': 50_000, 'Sales Associate': 33_000,
  'Customer Service Agent': 36_000,
};

function generateEmployees(rng: Rng, stores: StoreModel[]): TableData {
  const out = tableWriter('employees', ['employee_id', 'first_name', 'last_name', 'email', 'job_title', 'department', 'store_id', 'manager_id', 'hire_date', 'termination_date', 'annual_salary']);
  let nextId = 1;
  const hire = (
    title: string, department: string, culture: Culture, store: StoreModel | null, managerId: number | null,
    hiredMs: number, terminatedMs: number | null, payFactor: number,
  ): number => {
    const id = nextId++;
    const first = rng.pick(FIRST_NAMES[culture]);
    const last = rng.pick(LAST_NAMES[culture]);
    const hireYearFactor = 1.025 ** (new Date(hiredMs).getUTCFullYear() - 2020);
    const salary = Math.round(((SALARY[title] as number) * payFactor * hireYearFactor * (1 + rng.normal(0, 0.07))) / 100) * 100;
    out.add([
      id, first, last, `${emailLocalPart(first, last)}.${id}@staff.example.com`, title, department, store?.id ?? null,
      managerId, isoDate(hiredMs), terminatedMs === null ? null : isoDate(terminatedMs), money(salary * 100),
    ]);
    return id;
  };

  const ceo = hire('Chief Executive Officer', 'Executive', 'en', null, null, utcDay(2016, 4, 4), null, 1);
  hire('Chief Financial Officer', 'Finance', 'en', null, ceo, utcDay(2018, 9, 17), null, 1);
  const headRetail = hire('Head of Retail', 'Retail Operations', 'de', null, ceo, utcDay(2017, 2, 6), null, 1);
  const headEcom = hire('Head of E-commerce', 'E-commerce', 'en', null, ceo, utcDay(2019, 6, 3), null, 1);
  const regionalManager = new Map<number, number>();
  for (const region of REGIONS) {
    const culture = primaryCulture(COUNTRIES.find((c) => c.regionId === region.id) as CountryRef);
    const hired = randomDay(rng, utcDay(2016, 1, 1), utcDay(2022, 6, 30));
    regionalManager.set(region.id, hire('Regional Manager', 'Retail Operations', culture, null, headRetail, hired, null, REGIONS[region.id - 1]!.payFactor));
  }

  for (const store of stores) {
    const country = COUNTRIES.find((c) => c.code === store.countryCode) as CountryRef;
    const culture = primaryCulture(country);
    const payFactor = REGIONS[store.regionId - 1]!.payFactor;
    const online = store.type === 'online';
    const lead = online
      ? { title: 'E-commerce Manager', department: 'E-commerce', managerId: headEcom }
      : { title: 'Store Manager', department: 'Retail Operations', managerId: regionalManager.get(store.regionId) as number };
    const managers = staffSlot(rng, store, 7, (from, to) => hire(lead.title, lead.department, culture, store, lead.managerId, from, to, payFactor));
    const managerAt = (ms: number) => (managers.find((m) => m.fromMs <= ms && (m.toMs === null || m.toMs > ms)) ?? managers[0]!).id;
    if (!online) {
      const assistants = staffSlot(rng, store, 5, (from, to) => hire('Assistant Store Manager', 'Retail Operations', culture, store, managerAt(from), from, to, payFactor));
      store.sellers.push(...managers.map((m) => ({ ...m, weight: 0.3 })), ...assistants.map((m) => ({ ...m, weight: 0.6 })));
    }
    const slots = online ? 4 : store.type === 'flagship' ? 10 : store.type === 'outlet' ? 5 : 6;
    const title = online ? 'Customer Service Agent' : 'Sales Associate';
    const department = online ? 'Customer Service' : 'Retail Operations';
    for (let i = 0; i < slots; i++) {
      const staff = staffSlot(rng, store, 3.2, (from, to) => hire(title, department, culture, store, managerAt(from), from, to, payFactor));
      if (!online) store.sellers.push(...staff.map((m) => ({ ...m, weight: 1 })));
    }
  }
  return out.finish();
}

/** One position over time: a chain of people, each staying ~meanYears, with a gap before the next hire. */
function staffSlot(
  rng: Rng, store: StoreModel, meanYears: number, hire: (fromMs: number, toMs: number | null) => number,
): { id: number; fromMs: number; toMs: number | null }[] {
  const people: { id: number; fromMs: number; toMs: number | null }[] = [];
  let from = store.openedMs < PERIOD_START_MS
    ? randomDay(rng, Math.max(store.openedMs, utcDay(2017, 1, 1)), utcDay(2022, 12, 31))
    : store.openedMs - rng.int(10, 60) * DAY_MS;
  while (from < PERIOD_END_MS && (store.closedMs === null || from < store.closedMs)) {
    let to: number | null = from + Math.round((-Math.log(1 - rng.next()) * meanYears * YEAR_MS) / DAY_MS) * DAY_MS;
    if (store.closedMs !== null && to > store.closedMs) to = store.closedMs;
    if (to >= PERIOD_END_MS) to = null;
    people.push({ id: hire(from, to), fromMs: from, toMs: to });
    if (to === null) break;
    from = to + rng.int(7, 45) * DAY_MS;
  }
  return people;
}

// ---------------------------------------------------------------------------------------------
// Customers

function generateCustomers(seed: number): { table: TableData; models: CustomerModel[] } {
  const rng = createRng(seed, 'customers');
  const legacyStart = utcDay(2019, 1, 1);
  const legacyDays = Math.round((PERIOD_START_MS - legacyStart) / DAY_MS);
  const periodDays = Math.round((PERIOD_END_MS - PERIOD_START_MS) / DAY_MS);
  const periodPicker = weightedPicker(Array.from({ length: periodDays }, (_, d) => demandFactor(PERIOD_START_MS + d * DAY_MS) ** 1.1));
  const legacyPicker = weightedPicker(Array.from({ length: legacyDays }, (_, d) => 0.4 + d / legacyDays));

  const signups = Array.from({ length: CUSTOMER_COUNT }, () =>
    rng.chance(0.3) ? legacyStart + legacyPicker.pick(rng) * DAY_MS : PERIOD_START_MS + periodPicker.pick(rng) * DAY_MS,
  ).sort((a, b) => a - b);

  const activities = signups.map(() => Math.min(1, Math.exp(rng.normal(0, 0.9)) / 8));
  const sorted = [...activities].sort((a, b) => a - b);
  const quantile = (q: number) => sorted[Math.floor(q * (sorted.length - 1))] as number;
  const [q60, q85, q96] = [quantile(0.6), quantile(0.85), quantile(0.96)];

  const out = tableWriter('customers', ['customer_id', 'first_name', 'last_name', 'email', 'city', 'country_code', 'signup_date', 'acquisition_channel', 'loyalty_tier', 'birth_date', 'marketing_opt_in']);
  const customers: CustomerModel[] = signups.map((signupMs, i) => {
    const id = i + 1;
    const t = Math.min(1, Math.max(0, (signupMs - utcDay(2020, 1, 1)) / (utcDay(2025, 1, 1) - utcDay(2020, 1, 1))));
    const regionId = pickWeighted(rng, REGIONS.map((r) => [r.id, r.share2020 + (r.share2025 - r.share2020) * t] as const));
    const country = pickWeighted(rng, COUNTRIES.filter((c) => c.regionId === regionId).map((c) => [c, c.weight] as const));
    const city = pickWeighted(rng, country.cities.map((c, k) => [c, 1 / (k + 1.5)] as const));
    const culture = pickWeighted(rng, country.cultures);
    const first = rng.pick(FIRST_NAMES[culture]);
    const last = rng.pick(LAST_NAMES[culture]);
    const activity = activities[i] as number;
    const tier = activity > q96 ? 'platinum' : activity > q85 ? 'gold' : activity > q60 ? 'silver' : 'bronze';
    const churnMs = signupMs + Math.round((-Math.log(1 - rng.next()) * 2.6 * YEAR_MS) / DAY_MS) * DAY_MS;
    const optIn = rng.chance(0.58);
    const socialShare = 0.1 + 0.12 * t;
    const channel = pickWeighted(rng, [
      ['organic_search', 0.28], ['paid_search', 0.2], ['social', socialShare], ['referral', 0.1], ['email', 0.07], ['in_store', 0.18],
    ] as const);
    const birth = rng.chance(0.88) ? utcDay(2025 - Math.round(Math.min(78, Math.max(18, rng.normal(38, 12)))), rng.int(1, 12), rng.int(1, 28)) : null;
    out.add([
      id, first, last, `${emailLocalPart(first, last)}${id}@${rng.pick(EMAIL_DOMAINS)}`, city, country.code,
      isoDate(signupMs), channel, tier, birth === null ? null : isoDate(birth), optIn,
    ]);
    return { id, country, city, signupMs, churnMs, activity, tier, optIn };
  });
  return { table: out.finish(), models: customers };
}

const EMAIL_DOMAINS = ['example.com', 'example.net', 'example.org', 'mail.example', 'inbox.example'];

function primaryCulture(country: CountryRef): Culture {
  return (country.cultures[0] as readonly [Culture, number])[0];
}

function randomDay(rng: Rng, fromMs: number, toMs: number): number {
  return fromMs + rng.int(0, Math.max(0, Math.round((toMs - fromMs) / DAY_MS))) * DAY_MS;
}

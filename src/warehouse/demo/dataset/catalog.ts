// Generates the catalogue tables — categories (two levels), suppliers, products — and the in-memory
// product model the order generator samples from (seasonal, popularity-weighted, launch-aware).
import { DEPARTMENTS, SUPPLIERS, type DepartmentRef } from './reference-catalog.ts';
import { PERIOD_END_MS, PERIOD_START_MS } from './calendar.ts';
import { createRng, weightedPicker, type Rng, type WeightedPicker } from './prng.ts';
import { DAY_MS, emailLocalPart, isoDate, money, tableWriter, utcDay, type TableData } from './tsv.ts';

export interface ProductModel {
  id: number;
  sku: string;
  name: string;
  /** The generic product noun, e.g. "Air Fryer" (what people type into search). */
  noun: string;
  /** Subcategory name, e.g. "Small Appliances". */
  subcategory: string;
  department: DepartmentRef;
  departmentIndex: number;
  categoryId: number;
  listPriceCents: number;
  launchedMs: number;
  discontinuedMs: number | null;
  popularity: number;
}

export interface Catalog {
  tables: TableData[];
  products: ProductModel[];
  /** Product picker for the month starting at `monthIndex` months after the period start. */
  pickerForMonth(monthIndex: number): { picker: WeightedPicker; products: ProductModel[] };
  /** The price charged in a given year for a product whose current (2025) list price is given. */
  priceInYear(listPriceCents: number, year: number): number;
}

const YEARLY_PRICE_INCREASE = 1.035;

export function generateCatalog(seed: number): Catalog {
  const rng = createRng(seed, 'catalog');
  const categories = tableWriter('categories', ['category_id', 'parent_category_id', 'name', 'description']);
  const suppliers = tableWriter('suppliers', ['supplier_id', 'name', 'country', 'contact_email', 'lead_time_days', 'is_preferred', 'onboarded_on']);
  const productsOut = tableWriter('products', ['product_id', 'sku', 'name', 'category_id', 'supplier_id', 'list_price', 'unit_cost', 'launched_on', 'discontinued_on', 'is_active']);

  const supplierIds = new Map<string, number>();
  SUPPLIERS.forEach((sref, i) => {
    supplierIds.set(sref.name, i + 1);
    const email = `purchasing@${emailLocalPart(sref.name).replace(/\./g, '-')}.example`;
    suppliers.add([i + 1, sref.name, sref.country, email, sref.leadTimeDays, rng.chance(0.4), sref.onboardedOn]);
  });

  DEPARTMENTS.forEach((dept, i) => categories.add([i + 1, null, dept.name, dept.description]));
  let nextCategoryId = DEPARTMENTS.length + 1;
  const products: ProductModel[] = [];

  DEPARTMENTS.forEach((dept, departmentIndex) => {
    for (const subRef of dept.subcategories) {
      const categoryId = nextCategoryId++;
      categories.add([categoryId, departmentIndex + 1, subRef.name, `${subRef.name} (${dept.name}).`]);
      const count = rng.int(18, 24);
      for (let k = 0; k < count; k++) {
        const id = products.length + 1;
        const price = logUniform(rng, subRef.minPrice, subRef.maxPrice);
        const listPriceCents = Math.max(199, Math.round(price) * 100 - 1);
        const costShare = Math.min(0.9, Math.max(0.15, 1 - dept.margin + rng.normal(0, 0.05)));
        const launchedMs = rng.chance(0.78)
          ? randomDay(rng, utcDay(2017, 1, 1), utcDay(2022, 12, 31))
          : randomDay(rng, utcDay(2023, 1, 15), utcDay(2025, 11, 30));
        let discontinuedMs: number | null = null;
        if (launchedMs < utcDay(2024, 6, 1) && rng.chance(0.1)) {
          discontinuedMs = randomDay(rng, Math.max(launchedMs + 180 * DAY_MS, utcDay(2023, 3, 1)), utcDay(2025, 12, 1));
        }
        const popularity = (1 / (k + 1) ** 0.9) * Math.exp(rng.normal(0, 0.35)) * (subRef.minPrice / price) ** 0.35;
        const noun = rng.pick(subRef.nouns);
        const name = `${rng.pick(dept.brands)} ${noun}${rng.pick(dept.suffixes)}`;
        const sku = `${dept.code}-${String(id).padStart(5, '0')}`;
        const supplierId = supplierIds.get(rng.pick(dept.suppliers)) as number;
        products.push({ id, sku, name, noun, subcategory: subRef.name, department: dept, departmentIndex, categoryId, listPriceCents, launchedMs, discontinuedMs, popularity });
        productsOut.add([
          id, sku, name, categoryId, supplierId, money(listPriceCents), money(Math.round(listPriceCents * costShare)),
          isoDate(launchedMs), discontinuedMs === null ? null : isoDate(discontinuedMs), discontinuedMs === null,
        ]);
      }
    }
  });

  const pickers = new Map<number, { picker: WeightedPicker; products: ProductModel[] }>();
  const popularityBySubcategory = new Map<number, number>();
  for (const p of products) popularityBySubcategory.set(p.categoryId, (popularityBySubcategory.get(p.categoryId) ?? 0) + p.popularity);

  return {
    tables: [categories.finish(), suppliers.finish(), productsOut.finish()],
    products,
    pickerForMonth(monthIndex) {
      const cached = pickers.get(monthIndex);
      if (cached) return cached;
      const start = monthStart(monthIndex);
      const end = monthStart(monthIndex + 1);
      const month = new Date(start).getUTCMonth();
      const available = products.filter((p) => p.launchedMs <= start && (p.discontinuedMs === null || p.discontinuedMs >= end));
      const weights = available.map((p) => {
        const dept = p.department;
        const subShare = dept.share / dept.subcategories.length;
        return subShare * (dept.season[month] as number) * (p.popularity / (popularityBySubcategory.get(p.categoryId) as number));
      });
      const entry = { picker: weightedPicker(weights), products: available };
      pickers.set(monthIndex, entry);
      return entry;
    },
    priceInYear(listPriceCents, year) {
      const factor = YEARLY_PRICE_INCREASE ** Math.max(0, 2025 - year);
      return Math.max(99, Math.round(listPriceCents / factor / 100) * 100 - 1);
    },
  };
}

/** Epoch ms of the first day of the month `index` months after the period start. */
export function monthStart(index: number): number {
  const start = new Date(PERIOD_START_MS);
  return Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + index, 1);
}

/** Months from the period start to the month containing `ms`. */
export function monthIndexOf(ms: number): number {
  const d = new Date(ms);
  const start = new Date(PERIOD_START_MS);
  return (d.getUTCFullYear() - start.getUTCFullYear()) * 12 + d.getUTCMonth() - start.getUTCMonth();
}

function logUniform(rng: Rng, min: number, max: number): number {
  return Math.exp(Math.log(min) + rng.next() * (Math.log(max) - Math.log(min)));
}

function randomDay(rng: Rng, fromMs: number, toMs: number): number {
  return fromMs + rng.int(0, Math.max(0, Math.round((toMs - fromMs) / DAY_MS))) * DAY_MS;
}

export const PERIOD_MONTHS = monthIndexOf(PERIOD_END_MS - 1) + 1;

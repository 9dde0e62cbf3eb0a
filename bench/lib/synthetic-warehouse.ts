// A generated warehouse for the schema-scale scenario: 40 business areas × 25 entities = 1,000
// tables named `<area>_<entity>` (fleet_vehicle, payroll_invoice, …), 20 columns each, foreign keys
// within an area and across areas, and questions whose gold tables are known because they name the
// area and the entity the way a person would ("How many vehicles does the fleet have?").
// Deterministic: the same seed gives the same DDL and questions on every machine.

const AREAS = [
  'billing', 'payroll', 'fleet', 'warehouse', 'marketing', 'support', 'retail', 'clinic', 'school', 'library',
  'hotel', 'airline', 'farm', 'factory', 'bank', 'insurance', 'museum', 'theater', 'stadium', 'garden',
  'bakery', 'brewery', 'pharmacy', 'studio', 'gallery', 'harbor', 'quarry', 'railway', 'ferry', 'courier',
  'laundry', 'salon', 'gym', 'kennel', 'vineyard', 'orchard', 'dairy', 'forge', 'mill', 'casino',
] as const;
const ENTITIES = [
  'invoice', 'shipment', 'vehicle', 'ticket', 'booking', 'member', 'supplier', 'contract', 'payment', 'complaint',
  'inventory', 'schedule', 'visit', 'review', 'refund', 'badge', 'device', 'permit', 'lesson', 'license',
  'voucher', 'shift', 'parcel', 'harvest', 'batch',
] as const;

// What a person may call an entity instead of the table's word: the matcher has no synonyms, so
// these questions measure what the area word and the foreign-key neighbours recover on their own.
const SYNONYMS: Partial<Record<(typeof ENTITIES)[number], string>> = {
  invoice: 'bills', shipment: 'deliveries', vehicle: 'cars', booking: 'reservations', supplier: 'vendors',
  contract: 'agreements', payment: 'transactions', complaint: 'grievances', refund: 'reimbursements', device: 'gadgets',
  license: 'certificates', parcel: 'packages', voucher: 'coupons', lesson: 'classes', member: 'subscribers',
};

// Generic columns most tables share; they make the schema realistic (and the matching harder).
const GENERIC_COLUMNS: Array<[string, string]> = [
  ['name', 'text'], ['status', 'text'], ['amount', 'numeric(12,2)'], ['quantity', 'integer'], ['created_at', 'timestamptz'],
  ['updated_at', 'timestamptz'], ['notes', 'text'], ['code', 'text'], ['priority', 'integer'], ['score', 'integer'],
  ['started_at', 'timestamptz'], ['ended_at', 'timestamptz'], ['price', 'numeric(12,2)'], ['currency', 'text'], ['is_active', 'boolean'],
  ['rating', 'integer'], ['email', 'text'], ['phone', 'text'], ['city', 'text'], ['country', 'text'],
  ['weight', 'numeric(12,2)'], ['category', 'text'], ['description', 'text'], ['total', 'numeric(12,2)'], ['discount', 'numeric(12,2)'],
  ['tax', 'numeric(12,2)'], ['due_date', 'date'], ['paid_at', 'timestamptz'], ['reference', 'text'], ['channel', 'text'],
  ['source', 'text'], ['owner_name', 'text'], ['approved', 'boolean'], ['cancelled_at', 'timestamptz'], ['region', 'text'],
  ['level', 'integer'], ['capacity', 'integer'], ['duration_minutes', 'integer'], ['color', 'text'], ['size', 'text'],
];
const NUMERIC_COLUMNS = new Set(GENERIC_COLUMNS.filter(([, t]) => t.startsWith('numeric') || t === 'integer').map(([n]) => n));
const TEXT_GROUPING = new Set(['status', 'category', 'channel', 'region', 'country', 'city', 'currency', 'source']);

export const COLUMNS_PER_TABLE = 20;

export interface SyntheticTable {
  name: string;
  area: string;
  entity: string;
  columns: Array<[string, string]>;
  /** column, referenced table */
  foreignKeys: Array<[string, string]>;
  comment: string | null;
}

export interface GoldQuestion {
  question: string;
  /** "public.<table>" keys the slice must include. */
  gold: string[];
  kind: 'one table' | 'join in an area' | 'join across areas' | 'one table, entity named by a synonym';
}

export interface SyntheticWarehouse {
  tables: SyntheticTable[];
  /** CREATE TABLE statements, then the foreign keys, then comments: one multi-statement script. */
  ddl: string;
  questions: GoldQuestion[];
}

/** mulberry32: a tiny seeded PRNG, good enough to pick columns and templates. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function plural(word: string): string {
  if (/[^aeiou]y$/.test(word)) return `${word.slice(0, -1)}ies`;
  if (/(ch|sh|x|s)$/.test(word)) return `${word}es`;
  return `${word}s`;
}

export function generateWarehouse(seed = 8): SyntheticWarehouse {
  const random = prng(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const tables: SyntheticTable[] = [];
  for (let a = 0; a < AREAS.length; a++) {
    for (let e = 0; e < ENTITIES.length; e++) {
      const area = AREAS[a]!;
      const entity = ENTITIES[e]!;
      const columns: Array<[string, string]> = [['id', 'integer']];
      const foreignKeys: Array<[string, string]> = [];
      // Every table points at the next entity of its area (a chain per area); every fifth also at
      // the same entity in the next area, so there are cross-area paths too.
      const next = ENTITIES[(e + 1) % ENTITIES.length]!;
      columns.push([`${next}_id`, 'integer']);
      foreignKeys.push([`${next}_id`, `${area}_${next}`]);
      if ((a * ENTITIES.length + e) % 5 === 0) {
        const otherArea = AREAS[(a + 1) % AREAS.length]!;
        columns.push([`${otherArea}_${entity}_id`, 'integer']);
        foreignKeys.push([`${otherArea}_${entity}_id`, `${otherArea}_${entity}`]);
      }
      columns.push([`${entity}_number`, 'text']);
      const pool = [...GENERIC_COLUMNS];
      while (columns.length < COLUMNS_PER_TABLE) columns.push(pool.splice(Math.floor(random() * pool.length), 1)[0]!);
      const index = a * ENTITIES.length + e;
      const comment = index % 10 === 0 ? `${plural(entity)} recorded by the ${area} team` : null;
      tables.push({ name: `${area}_${entity}`, area, entity, columns, foreignKeys, comment });
    }
  }

  const create = tables.map((t) => `CREATE TABLE public.${t.name} (${t.columns.map(([n, ty]) => `${n} ${ty}`).join(', ')}, PRIMARY KEY (id));`);
  const fks = tables.flatMap((t) => t.foreignKeys.map(([col, ref]) => `ALTER TABLE public.${t.name} ADD FOREIGN KEY (${col}) REFERENCES public.${ref} (id);`));
  const comments = tables.filter((t) => t.comment).map((t) => `COMMENT ON TABLE public.${t.name} IS '${t.comment}';`);
  const ddl = [...create, ...fks, ...comments].join('\n');

  const questions: GoldQuestion[] = [];
  const key = (name: string) => `public.${name}`;
  const numeric = (t: SyntheticTable) => t.columns.find(([n]) => NUMERIC_COLUMNS.has(n))?.[0] ?? 'amount';
  const grouping = (t: SyntheticTable) => t.columns.find(([n]) => TEXT_GROUPING.has(n))?.[0] ?? 'status';
  const single = [
    (t: SyntheticTable) => `How many ${plural(t.entity)} does the ${t.area} have?`,
    (t: SyntheticTable) => `Total ${numeric(t)} of ${t.area} ${plural(t.entity)} by ${grouping(t)}`,
    (t: SyntheticTable) => `Show the latest ${t.area} ${plural(t.entity)}`,
    (t: SyntheticTable) => `Average ${numeric(t)} per ${t.area} ${t.entity} last year`,
    (t: SyntheticTable) => `Which ${plural(t.entity)} in the ${t.area} were cancelled this month?`,
  ];
  for (let i = 0; i < 150; i++) {
    const t = pick(tables);
    questions.push({ question: pick(single)(t), gold: [key(t.name)], kind: 'one table' });
  }
  const join = [
    (t: SyntheticTable, ref: SyntheticTable) => `Total ${numeric(t)} of ${t.area} ${plural(t.entity)} per ${ref.entity}`,
    (t: SyntheticTable, ref: SyntheticTable) => `For each ${t.area} ${ref.entity}, how many ${plural(t.entity)} are there?`,
    (t: SyntheticTable, ref: SyntheticTable) => `${plural(t.entity)} of the ${t.area} with their ${ref.entity} ${grouping(ref)}`,
  ];
  const byName = new Map(tables.map((t) => [t.name, t]));
  for (let i = 0; i < 100; i++) {
    const t = pick(tables);
    const ref = byName.get(t.foreignKeys[0]![1])!;
    questions.push({ question: pick(join)(t, ref), gold: [key(t.name), key(ref.name)], kind: 'join in an area' });
  }
  const crossing = tables.filter((t) => t.foreignKeys.length > 1);
  for (let i = 0; i < 50; i++) {
    const t = pick(crossing);
    const ref = byName.get(t.foreignKeys[1]![1])!;
    questions.push({
      question: `List ${t.area} ${plural(t.entity)} together with the matching ${ref.area} ${ref.entity} and its ${grouping(ref)}`,
      gold: [key(t.name), key(ref.name)],
      kind: 'join across areas',
    });
  }
  const withSynonym = tables.filter((t) => SYNONYMS[t.entity as keyof typeof SYNONYMS]);
  for (let i = 0; i < 50; i++) {
    const t = pick(withSynonym);
    const word = SYNONYMS[t.entity as keyof typeof SYNONYMS]!;
    questions.push({ question: `How many ${word} did the ${t.area} have last month?`, gold: [key(t.name)], kind: 'one table, entity named by a synonym' });
  }
  return { tables, ddl, questions };
}

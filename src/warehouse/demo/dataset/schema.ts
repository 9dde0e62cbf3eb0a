// The demo warehouse's DDL in three steps: tables (loaded right after, before any index, because
// COPY into a bare table is fastest), then keys, foreign keys, indexes and views, then comments.
// The comments are written for a reader who has never seen the data: they end up in the LLM prompt.

export const CREATE_TABLES_SQL = `
CREATE TYPE order_status AS ENUM ('placed', 'shipped', 'delivered', 'returned', 'cancelled');

CREATE TABLE regions (
  region_id integer NOT NULL,
  region_code text NOT NULL,
  name text NOT NULL
);
CREATE TABLE countries (
  country_code char(2) NOT NULL,
  name text NOT NULL,
  region_id integer NOT NULL,
  currency_code char(3) NOT NULL
);
CREATE TABLE stores (
  store_id integer NOT NULL,
  store_code text NOT NULL,
  name text NOT NULL,
  store_type text NOT NULL CHECK (store_type IN ('flagship', 'standard', 'outlet', 'online')),
  city text,
  country_code char(2) NOT NULL,
  region_id integer NOT NULL,
  opened_on date NOT NULL,
  closed_on date,
  square_meters integer
);
CREATE TABLE employees (
  employee_id integer NOT NULL,
  first_name text NOT NULL,
  last_name text NOT NULL,
  email text NOT NULL,
  job_title text NOT NULL,
  department text NOT NULL,
  store_id integer,
  manager_id integer,
  hire_date date NOT NULL,
  termination_date date,
  annual_salary numeric(10,2) NOT NULL CHECK (annual_salary > 0)
);
CREATE TABLE customers (
  customer_id integer NOT NULL,
  first_name text NOT NULL,
  last_name text NOT NULL,
  email text NOT NULL,
  city text NOT NULL,
  country_code char(2) NOT NULL,
  signup_date date NOT NULL,
  acquisition_channel text NOT NULL CHECK (acquisition_channel IN ('organic_search', 'paid_search', 'social', 'referral', 'email', 'in_store')),
  loyalty_tier text NOT NULL CHECK (loyalty_tier IN ('bronze', 'silver', 'gold', 'platinum')),
  birth_date date,
  marketing_opt_in boolean NOT NULL
);
CREATE TABLE categories (
  category_id integer NOT NULL,
  parent_category_id integer,
  name text NOT NULL,
  description text
);
CREATE TABLE suppliers (
  supplier_id integer NOT NULL,
  name text NOT NULL,
  country text NOT NULL,
  contact_email text NOT NULL,
  lead_time_days integer NOT NULL,
  is_preferred boolean NOT NULL,
  onboarded_on date NOT NULL
);
CREATE TABLE products (
  product_id integer NOT NULL,
  sku text NOT NULL,
  name text NOT NULL,
  category_id integer NOT NULL,
  supplier_id integer NOT NULL,
  list_price numeric(10,2) NOT NULL CHECK (list_price > 0),
  unit_cost numeric(10,2) NOT NULL CHECK (unit_cost > 0),
  launched_on date NOT NULL,
  discontinued_on date,
  is_active boolean NOT NULL
);
CREATE TABLE orders (
  order_id integer NOT NULL,
  customer_id integer NOT NULL,
  store_id integer NOT NULL,
  employee_id integer,
  channel text NOT NULL CHECK (channel IN ('web', 'mobile_app', 'in_store')),
  status order_status NOT NULL,
  ordered_at timestamptz NOT NULL,
  shipped_at timestamptz,
  delivered_at timestamptz,
  cancelled_at timestamptz,
  promo_code text,
  subtotal_amount numeric(12,2) NOT NULL,
  discount_amount numeric(12,2) NOT NULL,
  shipping_amount numeric(12,2) NOT NULL,
  total_amount numeric(12,2) NOT NULL CHECK (total_amount >= 0)
);
CREATE TABLE order_items (
  order_item_id integer NOT NULL,
  order_id integer NOT NULL,
  line_number smallint NOT NULL,
  product_id integer NOT NULL,
  quantity integer NOT NULL CHECK (quantity > 0),
  unit_price numeric(10,2) NOT NULL,
  discount_amount numeric(10,2) NOT NULL,
  line_total numeric(12,2) NOT NULL
);
CREATE TABLE payments (
  payment_id integer NOT NULL,
  order_id integer NOT NULL,
  payment_method text NOT NULL CHECK (payment_method IN ('credit_card', 'debit_card', 'paypal', 'apple_pay', 'google_pay', 'klarna', 'gift_card', 'bank_transfer', 'cash')),
  status text NOT NULL CHECK (status IN ('captured', 'failed', 'voided')),
  amount numeric(12,2) NOT NULL,
  created_at timestamptz NOT NULL
);
CREATE TABLE returns (
  return_id integer NOT NULL,
  order_id integer NOT NULL,
  order_item_id integer NOT NULL,
  returned_at timestamptz NOT NULL,
  quantity integer NOT NULL CHECK (quantity > 0),
  reason text NOT NULL CHECK (reason IN ('wrong_size', 'changed_mind', 'not_as_described', 'damaged', 'defective', 'late_delivery', 'wrong_item')),
  refund_amount numeric(12,2) NOT NULL CHECK (refund_amount >= 0)
);
CREATE TABLE events (
  event_id bigint NOT NULL,
  session_id uuid NOT NULL,
  customer_id integer,
  event_type text NOT NULL CHECK (event_type IN ('page_view', 'search', 'product_view', 'add_to_cart', 'remove_from_cart', 'checkout_started', 'purchase')),
  occurred_at timestamptz NOT NULL,
  platform text NOT NULL CHECK (platform IN ('web', 'ios', 'android')),
  payload jsonb NOT NULL
);
`;

export const CONSTRAINTS_SQL = `
ALTER TABLE regions ADD PRIMARY KEY (region_id), ADD UNIQUE (region_code);
ALTER TABLE countries ADD PRIMARY KEY (country_code), ADD FOREIGN KEY (region_id) REFERENCES regions;
ALTER TABLE stores ADD PRIMARY KEY (store_id), ADD UNIQUE (store_code),
  ADD FOREIGN KEY (country_code) REFERENCES countries, ADD FOREIGN KEY (region_id) REFERENCES regions;
ALTER TABLE employees ADD PRIMARY KEY (employee_id), ADD UNIQUE (email),
  ADD FOREIGN KEY (store_id) REFERENCES stores, ADD FOREIGN KEY (manager_id) REFERENCES employees (employee_id);
ALTER TABLE customers ADD PRIMARY KEY (customer_id), ADD UNIQUE (email), ADD FOREIGN KEY (country_code) REFERENCES countries;
ALTER TABLE categories ADD PRIMARY KEY (category_id), ADD FOREIGN KEY (parent_category_id) REFERENCES categories (category_id);
ALTER TABLE suppliers ADD PRIMARY KEY (supplier_id);
ALTER TABLE products ADD PRIMARY KEY (product_id), ADD UNIQUE (sku),
  ADD FOREIGN KEY (category_id) REFERENCES categories, ADD FOREIGN KEY (supplier_id) REFERENCES suppliers;
ALTER TABLE orders ADD PRIMARY KEY (order_id), ADD FOREIGN KEY (customer_id) REFERENCES customers,
  ADD FOREIGN KEY (store_id) REFERENCES stores, ADD FOREIGN KEY (employee_id) REFERENCES employees;
ALTER TABLE order_items ADD PRIMARY KEY (order_item_id), ADD UNIQUE (order_id, line_number),
  ADD FOREIGN KEY (order_id) REFERENCES orders, ADD FOREIGN KEY (product_id) REFERENCES products;
ALTER TABLE payments ADD PRIMARY KEY (payment_id), ADD FOREIGN KEY (order_id) REFERENCES orders;
ALTER TABLE returns ADD PRIMARY KEY (return_id), ADD FOREIGN KEY (order_id) REFERENCES orders,
  ADD FOREIGN KEY (order_item_id) REFERENCES order_items;
ALTER TABLE events ADD PRIMARY KEY (event_id), ADD FOREIGN KEY (customer_id) REFERENCES customers;

CREATE INDEX orders_customer_id_idx ON orders (customer_id);
CREATE INDEX orders_store_id_idx ON orders (store_id);
CREATE INDEX orders_ordered_at_idx ON orders (ordered_at);
CREATE INDEX order_items_product_id_idx ON order_items (product_id);
CREATE INDEX payments_order_id_idx ON payments (order_id);
CREATE INDEX returns_order_id_idx ON returns (order_id);
CREATE INDEX customers_country_code_idx ON customers (country_code);
CREATE INDEX products_category_id_idx ON products (category_id);
CREATE INDEX events_occurred_at_idx ON events (occurred_at);
CREATE INDEX events_customer_id_idx ON events (customer_id);
CREATE INDEX events_session_id_idx ON events (session_id);

CREATE VIEW order_revenue AS
SELECT o.order_id,
       o.customer_id,
       o.store_id,
       o.channel,
       o.status,
       o.ordered_at,
       o.total_amount AS gross_amount,
       coalesce(r.refunded_amount, 0)::numeric(12,2) AS refunded_amount,
       (o.total_amount - coalesce(r.refunded_amount, 0))::numeric(12,2) AS net_amount
FROM orders o
LEFT JOIN (
  SELECT order_id, sum(refund_amount) AS refunded_amount FROM returns GROUP BY order_id
) r ON r.order_id = o.order_id
WHERE o.status <> 'cancelled';

CREATE VIEW monthly_revenue AS
SELECT date_trunc('month', ordered_at)::date AS month,
       count(*) AS orders,
       sum(gross_amount) AS gross_revenue,
       sum(refunded_amount) AS refunds,
       sum(net_amount) AS net_revenue
FROM order_revenue
GROUP BY 1;
`;

const TABLE_COMMENTS: Record<string, string> = {
  regions: 'Sales regions the company trades in (5 rows). Every country and store belongs to one region.',
  countries: 'Countries where customers live and stores operate, with their sales region. Amounts in the warehouse are always USD regardless of currency_code.',
  stores: 'Physical shops plus one online store per region (store_type = online). Web and app orders are booked to the online store of the customer\'s region.',
  employees: 'Staff, current and former, with their reporting line (manager_id). In-store orders record the employee who rang up the sale.',
  customers: 'Registered customers, one row each. customer_id increases with signup_date; about 30 % signed up before 2023.',
  categories: 'Product categories in two levels: 8 departments (parent_category_id IS NULL) and their subcategories. Products always point at a subcategory.',
  suppliers: 'Vendors the products are bought from.',
  products: 'The product catalogue, including discontinued items. list_price is the current (2025) price; what a customer paid is order_items.unit_price.',
  orders: 'One row per customer order, 2023-01-01 to 2025-12-31 (UTC), all channels. Amounts in USD. Revenue counts every status except cancelled and subtracts refunds (see returns, or use the order_revenue / monthly_revenue views).',
  order_items: 'Order lines: one product per line with quantity, the unit price actually charged and the line discount. line_total = quantity * unit_price - discount_amount.',
  payments: 'Payment attempts per order: one captured payment for every non-cancelled order, a voided one for cancelled orders, and some earlier failed attempts. Refunds are not here; they are in returns.',
  returns: 'Returned order lines and the money refunded for them (refund_amount, USD). A partial return leaves the order delivered; when every line is fully returned the order status becomes returned.',
  events: 'Web and app clickstream from 2025-01-01 (tracking started then), for opted-in customers and anonymous visitors (customer_id NULL). payload is JSONB and its keys depend on event_type.',
  order_revenue: 'View: every non-cancelled order with gross amount, refunded amount and net amount (gross minus refunds). The simplest source for revenue questions.',
  monthly_revenue: 'View: per calendar month (UTC) the order count, gross revenue, refunds and net revenue of non-cancelled orders. Refunds are attributed to the month the order was placed.',
};

const COLUMN_COMMENTS: Record<string, Record<string, string>> = {
  regions: { region_code: 'Short code: NA, EU, APAC, LATAM, MEA.', name: 'Region name, e.g. Europe, North America, Asia-Pacific, Latin America, Middle East & Africa.' },
  countries: { country_code: 'ISO 3166-1 alpha-2 code, e.g. US, GB, DE, JP, BR.', currency_code: 'Local currency (informational only; all amounts are USD).' },
  stores: {
    store_code: 'Short code, e.g. LON-01; online stores end in -WEB.',
    store_type: 'flagship, standard, outlet, or online.',
    city: 'City of a physical store; NULL for online stores.',
    opened_on: 'Opening date; some stores opened during 2023-2025.',
    closed_on: 'Closing date; NULL while the store is open.',
    square_meters: 'Sales floor area; NULL for online stores.',
  },
  employees: {
    job_title: 'Chief Executive Officer, Chief Financial Officer, Head of Retail, Head of E-commerce, Regional Manager, Store Manager, Assistant Store Manager, Sales Associate, E-commerce Manager, Customer Service Agent.',
    department: 'Executive, Finance, Retail Operations, E-commerce, Customer Service.',
    store_id: 'Store the employee works at; NULL for head-office and regional staff.',
    manager_id: 'The employee this person reports to; NULL for the CEO.',
    termination_date: 'Last day of employment; NULL for current staff.',
    annual_salary: 'Gross annual salary in USD.',
  },
  customers: {
    email: 'Unique e-mail address (fictional domains).',
    city: 'Home city.',
    country_code: 'Home country; join countries for the region.',
    signup_date: 'Date the customer registered.',
    acquisition_channel: 'How the customer first came: organic_search, paid_search, social, referral, email, in_store.',
    loyalty_tier: 'Current loyalty tier: bronze, silver, gold, platinum (gold and platinum ship free).',
    birth_date: 'Date of birth; NULL when not given.',
    marketing_opt_in: 'Consented to marketing and tracking; only these customers appear in events.',
  },
  categories: { parent_category_id: 'The department this subcategory belongs to; NULL for the 8 departments themselves.' },
  suppliers: { country: 'Country the supplier ships from (free text).', lead_time_days: 'Typical days from purchase order to delivery.', is_preferred: 'Preferred vendor flag.', onboarded_on: 'Date the supplier relationship started.' },
  products: {
    sku: 'Stock keeping unit, e.g. ELE-00012 (department code + product id).',
    category_id: 'Subcategory; its parent is the department.',
    list_price: 'Current list price in USD (prices rose about 3.5 % a year, so older orders were cheaper).',
    unit_cost: 'Current purchase cost per unit in USD; list_price - unit_cost is the unit margin.',
    launched_on: 'First day the product was on sale.',
    discontinued_on: 'Day the product was withdrawn; NULL while on sale.',
    is_active: 'true while the product is on sale (discontinued_on IS NULL).',
  },
  orders: {
    customer_id: 'Who placed the order.',
    store_id: 'Store the sale is booked to: the shop for in_store orders, the region\'s online store for web and mobile_app orders.',
    employee_id: 'Employee who made an in-store sale; NULL for web and mobile_app orders.',
    channel: 'web, mobile_app or in_store.',
    status: 'placed (not yet shipped), shipped, delivered, returned (every line refunded) or cancelled (never paid; exclude from revenue).',
    ordered_at: 'When the order was placed (timestamptz, UTC).',
    shipped_at: 'When it left the warehouse; NULL for in-store, cancelled and not-yet-shipped orders.',
    delivered_at: 'When the customer received it; for in-store sales the same as ordered_at.',
    cancelled_at: 'When it was cancelled; NULL unless status = cancelled.',
    promo_code: 'Promotion used, e.g. BLACKFRIDAY24, SUMMER25, WELCOME10; NULL when none.',
    subtotal_amount: 'Sum of quantity * unit_price over the lines, before discounts (USD).',
    discount_amount: 'Total promotional discount (USD).',
    shipping_amount: 'Shipping fee charged (USD); 0 for in-store, gold/platinum customers and baskets over 75 USD.',
    total_amount: 'What the customer paid: subtotal_amount - discount_amount + shipping_amount (USD). Gross, before refunds.',
  },
  order_items: {
    line_number: 'Position of the line within its order, from 1.',
    unit_price: 'Price per unit actually charged (USD).',
    discount_amount: 'Promotional discount on this line (USD).',
    line_total: 'quantity * unit_price - discount_amount (USD); the product revenue of the line before refunds.',
  },
  payments: {
    payment_method: 'credit_card, debit_card, paypal, apple_pay, google_pay, klarna, gift_card, bank_transfer or cash (in-store only).',
    status: 'captured (money taken), failed (declined attempt, retried), voided (order cancelled).',
    amount: 'Amount of the attempt (USD).',
    created_at: 'When the attempt was made (UTC).',
  },
  returns: {
    order_item_id: 'The returned order line.',
    returned_at: 'When the return was received and refunded (UTC).',
    quantity: 'Units returned (at most the line quantity).',
    reason: 'wrong_size, changed_mind, not_as_described, damaged, defective, late_delivery or wrong_item.',
    refund_amount: 'Money refunded to the customer (USD). Subtract from gross revenue.',
  },
  events: {
    session_id: 'Groups the events of one visit.',
    customer_id: 'Signed-in customer; NULL for anonymous visitors.',
    event_type: 'page_view, search, product_view, add_to_cart, remove_from_cart, checkout_started or purchase.',
    occurred_at: 'When the event happened (UTC).',
    platform: 'web, ios or android.',
    payload: "JSONB. page_view: page, referrer, utm {source, medium, campaign} or null, device {type, os, browser | os_version, app_version}. search: query, results_count. product_view: product_id, sku, price, list, position. add_to_cart / remove_from_cart: product_id, quantity, price. checkout_started: cart_value, item_count. purchase: order_id, value, currency, item_count, payment_method, coupon. Read with payload->>'key'; cast numbers, e.g. (payload->>'product_id')::int.",
  },
};

/** COMMENT ON statements for every table, view and the columns above. */
export function commentsSql(): string {
  const quote = (text: string) => `'${text.replace(/'/g, "''")}'`;
  const lines: string[] = [];
  for (const [table, comment] of Object.entries(TABLE_COMMENTS)) {
    const kind = table === 'order_revenue' || table === 'monthly_revenue' ? 'VIEW' : 'TABLE';
    lines.push(`COMMENT ON ${kind} ${table} IS ${quote(comment)};`);
  }
  for (const [table, columns] of Object.entries(COLUMN_COMMENTS)) {
    for (const [column, comment] of Object.entries(columns)) lines.push(`COMMENT ON COLUMN ${table}.${column} IS ${quote(comment)};`);
  }
  lines.push(`COMMENT ON COLUMN monthly_revenue.net_revenue IS ${quote('Gross revenue minus refunds: the number meant by "revenue".')};`);
  lines.push(`COMMENT ON TYPE order_status IS ${quote('Lifecycle of an order: placed, shipped, delivered, returned, cancelled.')};`);
  return lines.join('\n');
}

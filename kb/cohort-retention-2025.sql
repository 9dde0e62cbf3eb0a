-- question: Monthly cohort retention for customers whose first order was in 2025
-- tags: customers, cohorts, retention, monthly
-- A cohort is the month of a customer's first non-cancelled order; month_offset 0 is that month.
WITH first_orders AS (
  SELECT o.customer_id, date_trunc('month', min(o.ordered_at)) AS cohort_month
  FROM orders AS o
  WHERE o.status <> 'cancelled'
  GROUP BY o.customer_id
),
activity AS (
  SELECT DISTINCT o.customer_id, date_trunc('month', o.ordered_at) AS active_month
  FROM orders AS o
  WHERE o.status <> 'cancelled'
)
SELECT f.cohort_month::date AS cohort,
       ((extract(year FROM a.active_month) - extract(year FROM f.cohort_month)) * 12
         + extract(month FROM a.active_month) - extract(month FROM f.cohort_month))::int AS month_offset,
       count(DISTINCT a.customer_id) AS active_customers
FROM first_orders AS f
JOIN activity AS a ON a.customer_id = f.customer_id
WHERE f.cohort_month >= DATE '2025-01-01'
GROUP BY 1, 2
ORDER BY 1, 2

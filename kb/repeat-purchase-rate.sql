-- question: What share of customers ordered more than once, by signup year?
-- tags: customers, retention, repeat purchase
WITH per_customer AS (
  SELECT c.customer_id,
         extract(year FROM c.signup_date)::int AS signup_year,
         count(o.order_id) AS orders
  FROM customers AS c
  LEFT JOIN orders AS o ON o.customer_id = c.customer_id AND o.status <> 'cancelled'
  GROUP BY c.customer_id, c.signup_date
)
SELECT signup_year,
       count(*) AS customers,
       count(*) FILTER (WHERE orders >= 1) AS buyers,
       round(100.0 * count(*) FILTER (WHERE orders >= 2) / nullif(count(*) FILTER (WHERE orders >= 1), 0), 1) AS repeat_rate_pct
FROM per_customer
GROUP BY signup_year
ORDER BY signup_year

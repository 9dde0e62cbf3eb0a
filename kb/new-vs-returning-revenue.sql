-- question: Revenue from first orders versus repeat orders per month in 2025
-- tags: customers, revenue, new vs returning, monthly
WITH ranked AS (
  SELECT r.order_id,
         r.ordered_at,
         r.net_amount,
         row_number() OVER (PARTITION BY r.customer_id ORDER BY r.ordered_at, r.order_id) AS order_number
  FROM order_revenue AS r
)
SELECT date_trunc('month', ranked.ordered_at)::date AS month,
       sum(ranked.net_amount) FILTER (WHERE ranked.order_number = 1) AS first_order_revenue,
       sum(ranked.net_amount) FILTER (WHERE ranked.order_number > 1) AS repeat_order_revenue
FROM ranked
WHERE ranked.ordered_at >= DATE '2025-01-01'
  AND ranked.ordered_at < DATE '2026-01-01'
GROUP BY 1
ORDER BY 1

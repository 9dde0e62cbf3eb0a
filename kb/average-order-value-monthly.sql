-- question: Average order value per month in 2025
-- tags: orders, average, aov, monthly
-- Average order value (AOV) = gross order total / number of non-cancelled orders.
SELECT date_trunc('month', o.ordered_at)::date AS month,
       count(*) AS orders,
       round(avg(o.total_amount), 2) AS avg_order_value
FROM orders AS o
WHERE o.status <> 'cancelled'
  AND o.ordered_at >= DATE '2025-01-01'
  AND o.ordered_at < DATE '2026-01-01'
GROUP BY 1
ORDER BY 1

-- question: Monthly revenue in 2025, excluding refunds
-- tags: revenue, monthly, orders, refunds
-- Revenue means net revenue: order totals of non-cancelled orders minus refunds.
-- The order_revenue view already applies both rules (refunds attributed to the order's month).
SELECT date_trunc('month', r.ordered_at)::date AS month,
       count(*) AS orders,
       sum(r.gross_amount) AS gross_revenue,
       sum(r.refunded_amount) AS refunds,
       sum(r.net_amount) AS net_revenue
FROM order_revenue AS r
WHERE r.ordered_at >= DATE '2025-01-01'
  AND r.ordered_at < DATE '2026-01-01'
GROUP BY 1
ORDER BY 1

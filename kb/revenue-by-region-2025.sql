-- question: Net revenue by region in 2025
-- tags: revenue, region, stores
-- An order belongs to the region of the store it is booked to (online orders: the region's online store).
SELECT g.name AS region,
       count(*) AS orders,
       sum(r.net_amount) AS net_revenue,
       round(100.0 * sum(r.net_amount) / sum(sum(r.net_amount)) OVER (), 1) AS share_pct
FROM order_revenue AS r
JOIN stores AS s ON s.store_id = r.store_id
JOIN regions AS g ON g.region_id = s.region_id
WHERE r.ordered_at >= DATE '2025-01-01'
  AND r.ordered_at < DATE '2026-01-01'
GROUP BY g.name
ORDER BY net_revenue DESC

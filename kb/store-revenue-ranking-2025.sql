-- question: Rank physical stores by 2025 revenue and revenue per square meter
-- tags: stores, revenue, ranking, top-n
SELECT s.store_code,
       s.name AS store,
       s.city,
       s.store_type,
       sum(r.net_amount) AS net_revenue,
       round(sum(r.net_amount) / s.square_meters, 2) AS revenue_per_sqm,
       rank() OVER (ORDER BY sum(r.net_amount) DESC) AS revenue_rank
FROM order_revenue AS r
JOIN stores AS s ON s.store_id = r.store_id
WHERE s.store_type <> 'online'
  AND r.ordered_at >= DATE '2025-01-01'
  AND r.ordered_at < DATE '2026-01-01'
GROUP BY s.store_id, s.store_code, s.name, s.city, s.store_type, s.square_meters
ORDER BY revenue_rank

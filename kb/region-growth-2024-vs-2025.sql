-- question: Which regions grew fastest from 2024 to 2025?
-- tags: revenue, region, growth, yoy
SELECT g.name AS region,
       sum(r.net_amount) FILTER (WHERE r.ordered_at >= DATE '2024-01-01' AND r.ordered_at < DATE '2025-01-01') AS revenue_2024,
       sum(r.net_amount) FILTER (WHERE r.ordered_at >= DATE '2025-01-01' AND r.ordered_at < DATE '2026-01-01') AS revenue_2025,
       round(100.0 * (sum(r.net_amount) FILTER (WHERE r.ordered_at >= DATE '2025-01-01' AND r.ordered_at < DATE '2026-01-01')
                      / nullif(sum(r.net_amount) FILTER (WHERE r.ordered_at >= DATE '2024-01-01' AND r.ordered_at < DATE '2025-01-01'), 0) - 1), 1) AS growth_pct
FROM order_revenue AS r
JOIN stores AS s ON s.store_id = r.store_id
JOIN regions AS g ON g.region_id = s.region_id
GROUP BY g.name
ORDER BY growth_pct DESC

-- question: Top 10 sales associates by in-store revenue in 2025
-- tags: employees, stores, revenue, top-n
SELECT e.employee_id,
       e.first_name || ' ' || e.last_name AS employee,
       s.name AS store,
       count(*) AS sales,
       sum(r.net_amount) AS net_revenue
FROM order_revenue AS r
JOIN orders AS o ON o.order_id = r.order_id
JOIN employees AS e ON e.employee_id = o.employee_id
JOIN stores AS s ON s.store_id = e.store_id
WHERE e.job_title = 'Sales Associate'
  AND r.ordered_at >= DATE '2025-01-01'
  AND r.ordered_at < DATE '2026-01-01'
GROUP BY e.employee_id, e.first_name, e.last_name, s.name
ORDER BY net_revenue DESC
LIMIT 10

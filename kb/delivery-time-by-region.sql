-- question: Average delivery time in days for online orders by region
-- tags: orders, delivery, fulfilment, region
SELECT g.name AS region,
       count(*) AS delivered_orders,
       round(avg(extract(epoch FROM o.delivered_at - o.ordered_at) / 86400)::numeric, 1) AS avg_days_to_deliver,
       round(avg(extract(epoch FROM o.shipped_at - o.ordered_at) / 3600)::numeric, 1) AS avg_hours_to_ship
FROM orders AS o
JOIN stores AS s ON s.store_id = o.store_id
JOIN regions AS g ON g.region_id = s.region_id
WHERE o.channel IN ('web', 'mobile_app')
  AND o.delivered_at IS NOT NULL
GROUP BY g.name
ORDER BY avg_days_to_deliver

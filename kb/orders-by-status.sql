-- question: How many orders are in each status?
-- tags: orders, status
-- status is the order_status enum: placed, shipped, delivered, returned, cancelled.
SELECT o.status,
       count(*) AS orders,
       round(100.0 * count(*) / sum(count(*)) OVER (), 2) AS share_pct
FROM orders AS o
GROUP BY o.status
ORDER BY orders DESC

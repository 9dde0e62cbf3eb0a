-- question: Top 10 products by revenue in 2025
-- tags: products, revenue, top-n
SELECT p.product_id,
       p.name AS product,
       c.name AS category,
       sum(oi.quantity) AS units_sold,
       sum(oi.line_total) AS revenue
FROM order_items AS oi
JOIN orders AS o ON o.order_id = oi.order_id
JOIN products AS p ON p.product_id = oi.product_id
JOIN categories AS c ON c.category_id = p.category_id
WHERE o.status <> 'cancelled'
  AND o.ordered_at >= DATE '2025-01-01'
  AND o.ordered_at < DATE '2026-01-01'
GROUP BY p.product_id, p.name, c.name
ORDER BY revenue DESC
LIMIT 10

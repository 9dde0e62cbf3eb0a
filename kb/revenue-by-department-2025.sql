-- question: Revenue by product department in 2025, net of refunds
-- tags: revenue, categories, departments, products, refunds
-- Product revenue comes from order lines (line_total); refunds are matched per order line.
-- Departments are the top-level categories: a product's category is a subcategory, its parent the department.
SELECT d.name AS department,
       sum(oi.line_total) AS gross_revenue,
       coalesce(sum(ret.refunded), 0) AS refunds,
       sum(oi.line_total) - coalesce(sum(ret.refunded), 0) AS net_revenue
FROM order_items AS oi
JOIN orders AS o ON o.order_id = oi.order_id
JOIN products AS p ON p.product_id = oi.product_id
JOIN categories AS c ON c.category_id = p.category_id
JOIN categories AS d ON d.category_id = c.parent_category_id
LEFT JOIN (
  SELECT order_item_id, sum(refund_amount) AS refunded
  FROM returns
  GROUP BY order_item_id
) AS ret ON ret.order_item_id = oi.order_item_id
WHERE o.status <> 'cancelled'
  AND o.ordered_at >= DATE '2025-01-01'
  AND o.ordered_at < DATE '2026-01-01'
GROUP BY d.name
ORDER BY net_revenue DESC

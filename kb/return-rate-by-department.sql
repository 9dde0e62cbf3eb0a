-- question: Return rate by department (units returned as a share of units sold)
-- tags: returns, categories, departments, rate
SELECT d.name AS department,
       sum(oi.quantity) AS units_sold,
       coalesce(sum(ret.units), 0) AS units_returned,
       round(100.0 * coalesce(sum(ret.units), 0) / sum(oi.quantity), 2) AS return_rate_pct
FROM order_items AS oi
JOIN orders AS o ON o.order_id = oi.order_id
JOIN products AS p ON p.product_id = oi.product_id
JOIN categories AS c ON c.category_id = p.category_id
JOIN categories AS d ON d.category_id = c.parent_category_id
LEFT JOIN (
  SELECT order_item_id, sum(quantity) AS units
  FROM returns
  GROUP BY order_item_id
) AS ret ON ret.order_item_id = oi.order_item_id
WHERE o.status <> 'cancelled'
GROUP BY d.name
ORDER BY return_rate_pct DESC

-- question: Which departments peak in December? Monthly revenue share per department
-- tags: categories, departments, seasonality, monthly, revenue
SELECT extract(month FROM o.ordered_at)::int AS month,
       d.name AS department,
       sum(oi.line_total) AS revenue,
       round(100.0 * sum(oi.line_total) / sum(sum(oi.line_total)) OVER (PARTITION BY d.name), 1) AS share_of_year_pct
FROM order_items AS oi
JOIN orders AS o ON o.order_id = oi.order_id
JOIN products AS p ON p.product_id = oi.product_id
JOIN categories AS c ON c.category_id = p.category_id
JOIN categories AS d ON d.category_id = c.parent_category_id
WHERE o.status <> 'cancelled'
GROUP BY 1, 2
ORDER BY 2, 1

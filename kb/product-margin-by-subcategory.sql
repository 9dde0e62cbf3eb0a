-- question: Gross margin by subcategory for products on sale
-- tags: products, margin, categories, profitability
-- Margin uses current list_price and unit_cost from the catalogue.
SELECT d.name AS department,
       c.name AS subcategory,
       count(*) AS products,
       round(avg(p.list_price), 2) AS avg_list_price,
       round(100.0 * sum(p.list_price - p.unit_cost) / sum(p.list_price), 1) AS gross_margin_pct
FROM products AS p
JOIN categories AS c ON c.category_id = p.category_id
JOIN categories AS d ON d.category_id = c.parent_category_id
WHERE p.is_active
GROUP BY d.name, c.name
ORDER BY gross_margin_pct DESC

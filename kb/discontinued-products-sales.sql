-- question: Products discontinued in 2025 and what they sold before
-- tags: products, discontinued, sales
SELECT p.sku,
       p.name,
       p.discontinued_on,
       count(oi.order_item_id) AS order_lines,
       coalesce(sum(oi.line_total), 0) AS lifetime_revenue
FROM products AS p
LEFT JOIN order_items AS oi ON oi.product_id = p.product_id
WHERE p.discontinued_on >= DATE '2025-01-01'
GROUP BY p.product_id, p.sku, p.name, p.discontinued_on
ORDER BY p.discontinued_on

-- question: Revenue per supplier with their lead time
-- tags: suppliers, products, revenue
SELECT su.name AS supplier,
       su.country,
       su.lead_time_days,
       count(DISTINCT p.product_id) AS products,
       sum(oi.line_total) AS revenue
FROM suppliers AS su
JOIN products AS p ON p.supplier_id = su.supplier_id
JOIN order_items AS oi ON oi.product_id = p.product_id
JOIN orders AS o ON o.order_id = oi.order_id
WHERE o.status <> 'cancelled'
GROUP BY su.supplier_id, su.name, su.country, su.lead_time_days
ORDER BY revenue DESC

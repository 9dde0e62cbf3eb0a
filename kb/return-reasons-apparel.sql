-- question: Why are apparel items returned?
-- tags: returns, reasons, apparel, categories
SELECT rt.reason,
       count(*) AS returns,
       sum(rt.refund_amount) AS refunded,
       round(100.0 * count(*) / sum(count(*)) OVER (), 1) AS share_pct
FROM returns AS rt
JOIN order_items AS oi ON oi.order_item_id = rt.order_item_id
JOIN products AS p ON p.product_id = oi.product_id
JOIN categories AS c ON c.category_id = p.category_id
JOIN categories AS d ON d.category_id = c.parent_category_id
WHERE d.name = 'Apparel'
GROUP BY rt.reason
ORDER BY returns DESC

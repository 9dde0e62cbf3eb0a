-- question: Most viewed products on the website and app, with how often they were added to the cart
-- tags: events, products, views, json, top-n
SELECT p.product_id,
       p.name AS product,
       count(*) FILTER (WHERE e.event_type = 'product_view') AS views,
       count(*) FILTER (WHERE e.event_type = 'add_to_cart') AS add_to_carts
FROM events AS e
JOIN products AS p ON p.product_id = (e.payload->>'product_id')::int
WHERE e.event_type IN ('product_view', 'add_to_cart')
GROUP BY p.product_id, p.name
ORDER BY views DESC
LIMIT 15

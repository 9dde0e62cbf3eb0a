-- question: Who are our 20 most valuable customers by lifetime net revenue?
-- tags: customers, revenue, top-n, lifetime value
SELECT c.customer_id,
       c.first_name || ' ' || c.last_name AS customer,
       co.name AS country,
       c.loyalty_tier,
       count(*) AS orders,
       sum(r.net_amount) AS lifetime_net_revenue
FROM order_revenue AS r
JOIN customers AS c ON c.customer_id = r.customer_id
JOIN countries AS co ON co.country_code = c.country_code
GROUP BY c.customer_id, c.first_name, c.last_name, co.name, c.loyalty_tier
ORDER BY lifetime_net_revenue DESC
LIMIT 20

-- question: Customers and revenue per country
-- tags: customers, countries, region, revenue
SELECT co.name AS country,
       g.name AS region,
       count(DISTINCT c.customer_id) AS customers,
       coalesce(sum(r.net_amount), 0) AS net_revenue
FROM customers AS c
JOIN countries AS co ON co.country_code = c.country_code
JOIN regions AS g ON g.region_id = co.region_id
LEFT JOIN order_revenue AS r ON r.customer_id = c.customer_id
GROUP BY co.name, g.name
ORDER BY net_revenue DESC

-- question: Average spend and order count per loyalty tier
-- tags: customers, loyalty, average
WITH per_customer AS (
  SELECT c.customer_id, c.loyalty_tier, count(r.order_id) AS orders, coalesce(sum(r.net_amount), 0) AS spend
  FROM customers AS c
  LEFT JOIN order_revenue AS r ON r.customer_id = c.customer_id
  GROUP BY c.customer_id, c.loyalty_tier
)
SELECT loyalty_tier,
       count(*) AS customers,
       round(avg(orders), 2) AS avg_orders,
       round(avg(spend), 2) AS avg_lifetime_spend
FROM per_customer
GROUP BY loyalty_tier
ORDER BY avg_lifetime_spend DESC

-- question: How did each promo code perform (orders, discount given, revenue)?
-- tags: promotions, discounts, orders, revenue
SELECT o.promo_code,
       count(*) AS orders,
       sum(o.discount_amount) AS discount_given,
       sum(o.total_amount) AS gross_revenue,
       round(avg(o.total_amount), 2) AS avg_order_value
FROM orders AS o
WHERE o.promo_code IS NOT NULL
  AND o.status <> 'cancelled'
GROUP BY o.promo_code
ORDER BY orders DESC

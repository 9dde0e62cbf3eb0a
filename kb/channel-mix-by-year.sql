-- question: Share of orders by channel per year
-- tags: orders, channel, yearly, share
WITH counts AS (
  SELECT extract(year FROM o.ordered_at)::int AS year,
         o.channel,
         count(*) AS orders
  FROM orders AS o
  WHERE o.status <> 'cancelled'
  GROUP BY 1, 2
)
SELECT c.year,
       c.channel,
       c.orders,
       round(100.0 * c.orders / sum(c.orders) OVER (PARTITION BY c.year), 1) AS share_pct
FROM counts AS c
ORDER BY c.year, c.orders DESC

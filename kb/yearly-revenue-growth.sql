-- question: Net revenue per year and the growth rate versus the previous year
-- tags: revenue, yearly, growth, yoy
WITH yearly AS (
  SELECT extract(year FROM r.ordered_at)::int AS year,
         sum(r.net_amount) AS net_revenue
  FROM order_revenue AS r
  GROUP BY 1
)
SELECT y.year,
       y.net_revenue,
       round(100.0 * (y.net_revenue / nullif(lag(y.net_revenue) OVER (ORDER BY y.year), 0) - 1), 1) AS growth_pct
FROM yearly AS y
ORDER BY y.year

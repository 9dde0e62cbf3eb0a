-- question: Black Friday weekend revenue per year
-- tags: revenue, black friday, seasonality, promotions
-- Black Friday weekend = the Friday after the fourth Thursday of November through Cyber Monday.
SELECT extract(year FROM r.ordered_at)::int AS year,
       count(*) AS orders,
       sum(r.net_amount) AS net_revenue
FROM order_revenue AS r
WHERE (r.ordered_at >= DATE '2023-11-24' AND r.ordered_at < DATE '2023-11-28')
   OR (r.ordered_at >= DATE '2024-11-29' AND r.ordered_at < DATE '2024-12-03')
   OR (r.ordered_at >= DATE '2025-11-28' AND r.ordered_at < DATE '2025-12-02')
GROUP BY 1
ORDER BY 1

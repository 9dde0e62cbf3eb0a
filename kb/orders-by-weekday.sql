-- question: Which day of the week has the most orders?
-- tags: orders, weekday, seasonality
-- Days are UTC days; extract(isodow) numbers Monday 1 … Sunday 7.
SELECT extract(isodow FROM o.ordered_at)::int AS iso_weekday,
       to_char(o.ordered_at, 'Day') AS weekday,
       count(*) AS orders,
       round(avg(o.total_amount), 2) AS avg_order_value
FROM orders AS o
WHERE o.status <> 'cancelled'
GROUP BY 1, 2
ORDER BY 1

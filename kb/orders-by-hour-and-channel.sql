-- question: Orders by hour of day for each channel
-- tags: orders, hourly, channel
-- Timestamps are UTC, so hours mix time zones across regions.
SELECT extract(hour FROM o.ordered_at)::int AS hour_utc,
       count(*) FILTER (WHERE o.channel = 'web') AS web,
       count(*) FILTER (WHERE o.channel = 'mobile_app') AS mobile_app,
       count(*) FILTER (WHERE o.channel = 'in_store') AS in_store
FROM orders AS o
GROUP BY 1
ORDER BY 1
